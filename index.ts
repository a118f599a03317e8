/** The package's main entry: the gateway library (and, as they land, the adapter). */
export * from './gateway';
