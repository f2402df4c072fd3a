// npm's postinstall: says which Node the project runs on when npm itself ran on an older one.
// npm checks packages' "engines" against the Node running npm, so on Node 20 it warns
// (EBADENGINE) about packages needing 22 although they will never run on 20.
import { existsSync } from 'node:fs';

const npmNode = /\bnode\/v(\d+)\./.exec(process.env.npm_config_user_agent ?? '')?.[1];
if (npmNode !== undefined && Number(npmNode) < 22) {
  const ownNode = existsSync(new URL('../node_modules/.bin/node', import.meta.url));
  process.stderr.write(
    ownNode
      ? `lma: npm ran on Node ${npmNode}, so the "EBADENGINE" warnings above were about Node ${npmNode}; npm start, npm test and lma run on the project's own Node ${process.versions.node} (node_modules/.bin/node), so they do not apply\n`
      : `lma: npm ran on Node ${npmNode} and no Node 22 package exists for ${process.platform}-${process.arch}: install Node 22 or newer, then run npm install again\n`,
  );
}
