/**
 * The own-app pipeline on a small app written for a test: the files are written inside the
 * repository (dot folders, so the generated entry's ../express-compat and ../types resolve),
 * generateOwnApp turns them into an entry, and two servers start on 127.0.0.1: the Express app
 * alone, and the gateway with every generated route flipped and the same app behind it. Every
 * request that reaches the app behind the gateway is recorded in `reachedExpress` (its path): who
 * answered.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import express from 'express';
import type { FastifyInstance } from 'fastify';
import { generateOwnApp } from '../../codemods/generate-own-app';
import { createGateway } from '../../gateway/index';
import { closeServer, listenExpress } from '../support/http';
import type { MigratedRoutes } from '../../gateway/types';

export interface GeneratedApp {
  /** The generated gateway entry's source (index.ts). */
  entry: string;
  expressBase: string;
  gatewayBase: string;
  gateway: FastifyInstance;
  reachedExpress: string[];
  close(): Promise<void>;
}

const ROOT = path.resolve(__dirname, '..', '..');

/** `files` maps paths under the app folder (with `app.ts` exporting `createApp()`) to their text. */
export async function startGeneratedApp(name: string, files: Record<string, string>): Promise<GeneratedApp> {
  const appDir = mkdtempSync(path.join(ROOT, 'test', 'generated', `.${name}-app-`));
  const outDir = mkdtempSync(path.join(ROOT, 'gateway', `.${name}-generated-`));
  let expressServer: Server | undefined;
  let gateway: FastifyInstance | undefined;
  const close = async () => {
    await gateway?.close();
    await closeServer(expressServer);
    rmSync(appDir, { recursive: true, force: true });
    rmSync(outDir, { recursive: true, force: true });
  };
  try {
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(appDir, file)), { recursive: true });
      writeFileSync(path.join(appDir, file), text.trimStart());
    }
    const { errors } = generateOwnApp(outDir, appDir);
    if (errors.length) throw new Error(`generateOwnApp: ${errors.join('; ')}`);
    const entry = readFileSync(path.join(outDir, 'index.ts'), 'utf8');

    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { createApp } = require(path.join(appDir, 'app.ts')) as { createApp: () => express.Express };
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { migratedRoutes } = require(outDir) as { migratedRoutes: MigratedRoutes };
    const legacy = await listenExpress(createApp());
    expressServer = legacy.server;
    const expressBase = legacy.base;

    const reachedExpress: string[] = [];
    const counted = express();
    counted.use((req, _res, next) => {
      reachedExpress.push(req.path);
      next();
    });
    counted.use(createApp());
    gateway = createGateway({ legacyApp: counted, routes: migratedRoutes, migratedRoutes: 'all', manifest: {} });
    const gatewayBase = await gateway.listen({ port: 0, host: '127.0.0.1' });
    return { entry, expressBase, gatewayBase, gateway, reachedExpress, close };
  } catch (err) {
    await close();
    throw err;
  }
}
