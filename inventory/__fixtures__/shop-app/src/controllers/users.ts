import type { Request, Response } from 'express';

export function list(req: Request, res: Response): void {
  res.json({ users: [], page: req.query.page ?? 1 });
}

export function show(req: Request, res: Response): void {
  res.status(200).json({ id: req.params.id });
}

export function create(req: Request, res: Response): void {
  res.status(201).json(req.body);
}

export function exportCsv(req: Request, res: Response): void {
  res.attachment('users.csv');
  res.send('id\n');
}
