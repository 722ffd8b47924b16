'use client';

import { Card } from '../../../components/card';
import { ModeSwitch } from '../../../components/control/mode-switch';
import { TradingConfigEditor } from '../../../components/control/trading-config-editor';
import { UsersAdmin } from '../../../components/control/users-admin';
import { useMe } from '../../../lib/use-me';

export default function SettingsPage() {
  const { user, isAdmin } = useMe();
  if (user === null) return <p className="text-zinc-500">Loading…</p>;
  if (!isAdmin) {
    return (
      <div className="space-y-3">
        <h1 className="text-lg font-semibold">Settings</h1>
        <p className="text-sm text-zinc-400">
          Settings need the admin role; you are signed in as {user.role}.
        </p>
      </div>
    );
  }
  return (
    <div className="space-y-3">
      <h1 className="text-lg font-semibold">Settings</h1>
      <Card title="Trading mode">
        <ModeSwitch />
      </Card>
      <Card title="Risk and strategy config">
        <TradingConfigEditor />
      </Card>
      <Card title="Users">
        <UsersAdmin />
      </Card>
    </div>
  );
}
