/**
 * escapeReasons: a request or response passed to a function of the same file is not an escape when
 * that function only uses members a Fastify request / reply has too (the helpers steps add, such as
 * res-render-and-files' formatReply, and the app's own small helpers).
 */
import jscodeshift from 'jscodeshift';
import { escapeReasons, handlersOf } from '../receivers';

function reasonsFor(source: string): string[][] {
  const j = jscodeshift.withParser('ts');
  const root = j(source);
  return handlersOf(j, root, { withEscaping: true })
    .filter((h) => h.kind === 'route')
    .map((h) => escapeReasons(j, h));
}

describe('escapeReasons for a response handed to a helper of the same file', () => {
  test('a helper using only reply members the steps know: no escape', () => {
    const source = `
      import { Router } from 'express';
      const router = Router();
      router.get('/r', (req, res, next) => {
        load((err, x) => {
          if (err) return next(err);
          answer(res, x);
        });
      });
      function answer(reply: any, x: unknown) {
        reply.header('Vary', 'Accept');
        reply.type('text/plain').send(String(x));
      }
      export default router;`;
    expect(reasonsFor(source)).toEqual([[]]);
  });

  test('a helper using a member with no Fastify counterpart: still an escape', () => {
    const source = `
      import { Router } from 'express';
      const router = Router();
      router.get('/r', (req, res) => {
        answer(res, 1);
      });
      function answer(reply: any, x: unknown) {
        reply.writeContinue();
        reply.send(String(x));
      }
      export default router;`;
    expect(reasonsFor(source)).toEqual([['res is passed to answer()']]);
  });
});
