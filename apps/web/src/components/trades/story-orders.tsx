import type { StoryOrder } from '../../server/read-model/trade-story';
import { formatMs } from '../../lib/format';
import { OrderDetail } from '../orders/order-detail';
import { OrderLine } from '../orders/order-line';

/** The orders of the story, each with its history and fills already at hand. */
export function StoryOrders({ orders }: { readonly orders: readonly StoryOrder[] }) {
  if (orders.length === 0) return <p className="text-sm text-zinc-500">No orders were sent.</p>;
  return (
    <ul className="divide-y divide-zinc-800">
      {orders.map((order) => (
        <OrderLine
          key={order.id}
          order={order}
          detail={
            <>
              {order.submittedAt !== null && (
                <p className="mb-1 text-xs text-zinc-400">
                  sent {formatMs(order.submittedAt - order.createdAt)} after it was written
                </p>
              )}
              <OrderDetail
                detail={{ orderId: order.id, history: order.history, fills: order.fills }}
              />
            </>
          }
        />
      ))}
    </ul>
  );
}
