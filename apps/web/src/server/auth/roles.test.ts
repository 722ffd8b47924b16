import { describe, expect, it } from 'vitest';
import { isRole, roleAllows } from './roles';

describe('roles', () => {
  it('orders viewer < trader < admin', () => {
    expect(roleAllows('admin', 'trader')).toBe(true);
    expect(roleAllows('trader', 'trader')).toBe(true);
    expect(roleAllows('viewer', 'trader')).toBe(false);
    expect(roleAllows('trader', 'admin')).toBe(false);
    expect(roleAllows('viewer', 'viewer')).toBe(true);
  });
  it('knows only the three roles', () => {
    expect(isRole('admin')).toBe(true);
    expect(isRole('root')).toBe(false);
    expect(isRole(undefined)).toBe(false);
  });
});
