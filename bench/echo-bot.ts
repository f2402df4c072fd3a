/** A bare botbuilder echo bot on restify: the baseline the HTTP benchmark compares against. */
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import restify from 'restify';

const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
const bot = new ActivityHandler();
bot.onMessage(async (context, next) => {
  await context.sendActivity(`Echo: ${context.activity.text}`);
  await next();
});
const server = restify.createServer();
server.use(restify.plugins.bodyParser());
server.post('/api/messages', async (req, res) => {
  await adapter.process(req, res, (context) => bot.run(context));
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.send?.('ready'));
process.once('SIGINT', () => process.exit(0));
