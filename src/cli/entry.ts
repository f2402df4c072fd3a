import { main } from './main.js';

// The program's entry: bin/lma.js imports the compiled file, the tests run this one with tsx.
await main(process.argv.slice(2));
