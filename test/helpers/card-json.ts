/** Looking inside Adaptive Cards the bot sent: actions, action sets and text. */

/** Every action in the card: card actions, ActionSets' and rows' select actions, with where each sits. */
export function actionsOf(card: unknown): { where: 'actions' | 'actionSet' | 'selectAction'; action: any }[] {
  const found: { where: 'actions' | 'actionSet' | 'selectAction'; action: any }[] = [];
  const walk = (node: any, inActionSet: boolean) => {
    if (Array.isArray(node)) return node.forEach((n) => walk(n, inActionSet));
    if (!node || typeof node !== 'object') return;
    if (node.selectAction) found.push({ where: 'selectAction', action: node.selectAction });
    if (Array.isArray(node.actions)) for (const a of node.actions) found.push({ where: node.type === 'ActionSet' ? 'actionSet' : 'actions', action: a });
    for (const [k, v] of Object.entries(node)) if (k !== 'actions' && k !== 'selectAction') walk(v, inActionSet);
  };
  walk(card, false);
  return found;
}

/** The number of actions in each action set (the card's own actions count as one set). */
export function actionSetSizes(card: unknown): number[] {
  const sizes: number[] = [];
  const walk = (node: any) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node.actions)) sizes.push(node.actions.length);
    Object.values(node).forEach(walk);
  };
  walk(card);
  return sizes;
}

/** The data of the first Action.Execute with `verb` (anywhere: buttons or rows). */
export function executeData(card: unknown, verb: string): any {
  return actionsOf(card).find(({ action }) => action.type === 'Action.Execute' && action.verb === verb)?.action.data;
}

/** Every TextBlock's text, in order. */
export function textsOf(card: unknown): string[] {
  const out: string[] = [];
  JSON.stringify(card, (_k, v) => {
    if (v && v.type === 'TextBlock' && typeof v.text === 'string') out.push(v.text);
    return v;
  });
  return out;
}
