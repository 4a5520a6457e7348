import { describe, expect, it } from 'vitest';
import type { HandlerContext } from '../src/context.ts';

// Checked by `pnpm typecheck`: each line below must be a type error, or the @ts-expect-error above it is one.
function handlerThatTriesToRunItsOwnTransaction(ctx: HandlerContext) {
  // @ts-expect-error a handler cannot open a transaction: the batch's unit of work owns it (ADR 6)
  void ctx.db.transaction().execute(() => Promise.resolve());
  // @ts-expect-error nor begin one by hand
  void ctx.db.startTransaction().execute();
  // @ts-expect-error nor take another connection, whose statements would run outside the batch
  void ctx.db.connection().execute(() => Promise.resolve());
  // @ts-expect-error nor close the pool
  void ctx.db.destroy();
}

describe("a handler's database handle", () => {
  it('cannot begin, commit or open a transaction (see the type errors above)', () => {
    expect(handlerThatTriesToRunItsOwnTransaction).toBeTypeOf('function');
  });
});
