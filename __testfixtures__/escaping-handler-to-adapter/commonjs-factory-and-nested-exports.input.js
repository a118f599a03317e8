const co = require('co-wrap');
const Invite = require('../models/invite');

// A generator handler behind a wrapping factory, exported on `exports`: wrapped whole.
exports.accept = co(function* (req, res) {
  const invite = yield Invite.take(req.params.code);
  req.login(invite.user, () => res.redirect('/welcome'));
});

// Methods of a nested exported object: no export this step can wrap, so a marker says so.
exports.guards = {
  mustBeInvited: function (req, res, next) {
    if (!req.session.invite) {
      req.flash('error', 'Invitation required');
      return res.redirect('/');
    }
    next();
  },
};
