const path = require('node:path');
const express = require('express');
const cors = require('cors');
const helmet = require('helmet');
const cookieParser = require('cookie-parser');
const morgan = require('morgan');

const app = express();

// Security headers first.
app.use(helmet());
app.use(cors({ origin: ['https://app.example.com'], credentials: true }));
app.use(cookieParser(process.env.COOKIE_SECRET));

// Bodies.
app.use(express.json());
app.use(express.urlencoded({ extended: false }));

app.use('/assets', express.static(path.join(__dirname, 'public')));
app.use(morgan('combined'));

module.exports = app;
