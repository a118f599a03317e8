const co = require('co-wrap');
const Invite = require('../models/invite');

const { fromExpressHandler } = require('../adapter');

// A generator handler behind a wrapping factory, exported on `exports`: wrapped whole.
/* @fastify-migrate-todo: served through the Express adapter (req.login has no Fastify counterpart); migrate it natively when you can */
exports.accept = fromExpressHandler(co(function* (req, res) {
  const invite = yield Invite.take(req.params.code);
  req.login(invite.user, () => res.redirect('/welcome'));
}));

// Methods of a nested exported object: no export this step can wrap, so a marker says so.
/* @fastify-migrate-todo: kept as Express code: it lets req/res escape (req.flash has no Fastify counterpart); register it as fromExpressMiddleware(...) where it is used */
exports.guards = {
  mustBeInvited: function (req, res, next) {
    if (!req.session.invite) {
      req.flash('error', 'Invitation required');
      return res.redirect('/');
    }
    next();
  },
};
