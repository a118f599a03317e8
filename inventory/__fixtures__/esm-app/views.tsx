import { Router } from 'express';

const Home = () => <main>home</main>;

export const viewsRouter = Router();
viewsRouter.get('/home', (req, res) => {
  res.send(String(<Home />));
});
