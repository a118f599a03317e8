import express from 'express';
/* @fastify-migrate-todo: multer reads the multipart body itself (behind the adapter): Fastify answers 415 to multipart/form-data unless the app adds a pass-through parser, app.addContentTypeParser('multipart/form-data', (request, payload, done) => done(null)), or the uploads move to @fastify/multipart */
import multer from 'multer';
import { saveAttachment } from '../services/attachments.mjs';

import { fromExpressMiddleware } from '../adapter';

const router = express.Router();
const upload = multer({ dest: 'tmp/attachments', limits: { fileSize: 5_000_000 } });

// multer is Express middleware that reads the request stream itself.
router.post('/tickets/:id/attachments', { preHandler: [fromExpressMiddleware(upload.single('file'))] }, async (req, res) => {
  const saved = await saveAttachment(req.params.id, req.file);
  res.status(201).json(saved);
});

export default router;
