const { Router } = require('express');

/* @fastify-migrate-todo: router (an Express Router) is used outside top-level route registrations (addHealth(router)): make it a Fastify plugin by hand */
const router = Router();
router.get('/', (req, res) => res.send('list'));

// The router is handed to a function: cannot be made a plugin mechanically.
function addHealth(r) {
  r.get('/health', (req, res) => res.send('ok'));
}
addHealth(router);

module.exports = router;

