function hasRole(roles) {
  const allowed = Array.isArray(roles) ? roles : [roles];
  return (req, res, next) => (allowed.includes(req.get('x-role')) ? next() : res.sendStatus(403));
}

module.exports = { hasRole };
