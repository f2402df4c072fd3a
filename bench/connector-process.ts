/** The fake Bot Connector in its own process, so it does not share an event loop with the load generator. */
import { FakeConnector } from '../test/helpers/fake-connector.js';

const connector = await new FakeConnector({ record: false }).start();
process.send?.(connector.url);
