import express from 'express';
import bodyParser from 'body-parser';

const app = express();

app.use(bodyParser.json({ limit: '5mb' }));
app.use(bodyParser.urlencoded({ extended: true, limit: '1mb' }));
app.use(bodyParser.text());
app.use(express.static('public', { maxAge: '1d' }));

export default app;
