/**
 * discover: a router built in the file and mounted on another router of the same file
 * (`const api = Router().use(tags).use('/teams', teams); export default Router().use('/api', api)`)
 * puts what it mounts under that prefix, so that the report gives the routes' full paths.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { babelParse, discover } from '../runner/discover';

// The mounted modules must exist: a mount's target is the file it resolves to.
const DIR = mkdtempSync(path.join(tmpdir(), 'discover-local-'));
const FILE = path.join(DIR, 'routes/index.ts');
for (const f of ['tag/tag.controller.ts', 'team/team.controller.ts', 'users.js', 'health.js']) {
  mkdirSync(path.dirname(path.join(DIR, 'routes', f)), { recursive: true });
  writeFileSync(path.join(DIR, 'routes', f), 'module.exports = require("express").Router();\n');
}
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

function mountsOf(source: string): [string, string][] {
  const facts = discover(babelParse(source, FILE), FILE);
  return facts.mounts.map((m): [string, string] => [m.prefix, path.relative(path.dirname(FILE), m.target)]).sort((a, b) => a[0].localeCompare(b[0]));
}

describe('discover: routers of one file mounted on each other', () => {
  it('chained and never assigned: the sub-routers are under the outer mount', () => {
    const source = `
import { Router } from 'express';
import tagsController from './tag/tag.controller';
import teamsController from './team/team.controller';

const api = Router()
  .use(tagsController)
  .use('/teams', teamsController);

export default Router().use('/api', api);
`;
    expect(mountsOf(source)).toEqual([
      ['/api', 'tag/tag.controller.ts'],
      ['/api/teams', 'team/team.controller.ts'],
    ]);
  });

  it('assigned routers, two levels deep, with express.Router()', () => {
    const source = `
const express = require('express');
const v1 = express.Router();
const api = express.Router();
v1.use('/users', require('./users'));
api.use('/v1', v1);
const root = express.Router();
root.use('/api', api);
root.use('/health', require('./health'));
module.exports = root;
`;
    expect(mountsOf(source)).toEqual([
      ['/api/v1/users', 'users.js'],
      ['/health', 'health.js'],
    ]);
  });

  it('a router mounted nowhere in the file keeps its prefixes as written', () => {
    const source = `
const router = require('express').Router();
router.use('/users', require('./users'));
module.exports = router;
`;
    expect(mountsOf(source)).toEqual([['/users', 'users.js']]);
  });
});
