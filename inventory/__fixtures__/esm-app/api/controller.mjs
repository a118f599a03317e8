class ItemsController {
  constructor() {
    this.items = [];
  }

  count(req, res) {
    res.json({ count: this.items.length, q: req.query.q });
  }
}

export const itemsController = new ItemsController();
