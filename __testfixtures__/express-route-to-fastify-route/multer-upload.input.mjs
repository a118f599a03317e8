import express from 'express';
import multer from 'multer';
import { saveAttachment } from '../services/attachments.mjs';

const router = express.Router();
const upload = multer({ dest: 'tmp/attachments', limits: { fileSize: 5_000_000 } });

// multer is Express middleware that reads the request stream itself.
router.post('/tickets/:id/attachments', upload.single('file'), async (req, res) => {
  const saved = await saveAttachment(req.params.id, req.file);
  res.status(201).json(saved);
});

export default router;
