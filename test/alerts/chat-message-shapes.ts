/**
 * The documented shapes of a Slack incoming-webhook message and a Discord execute-webhook body, as
 * checks that list every problem. Each check must accept the recorded documentation example in
 * test/fixtures/<vendor>/ (see the READMEs there for sources and limits), so it is never stricter than
 * the vendor; Earshot's messages must pass it too.
 */
type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';

function checkKeys(value: Json, allowed: string[], where: string, problems: string[]): void {
  for (const key of Object.keys(value)) if (!allowed.includes(key)) problems.push(`${where}.${key} is not a documented field`);
}

function checkLength(value: unknown, max: number, where: string, problems: string[], required = true): void {
  if (value === undefined && !required) return;
  if (!isString(value) || value.trim() === '') problems.push(`${where} must be a non-empty string`);
  else if (value.length > max) problems.push(`${where} is ${value.length} characters, over ${max}`);
}

// Slack ------------------------------------------------------------------------------------------

function checkSlackText(text: unknown, max: number, where: string, problems: string[]): void {
  if (!isObject(text)) return void problems.push(`${where} must be a text object`);
  checkKeys(text, ['type', 'text', 'emoji', 'verbatim'], where, problems);
  if (text['type'] !== 'mrkdwn' && text['type'] !== 'plain_text') problems.push(`${where}.type must be mrkdwn or plain_text`);
  checkLength(text['text'], max, `${where}.text`, problems);
}

function checkSlackBlock(block: unknown, where: string, problems: string[]): void {
  if (!isObject(block)) return void problems.push(`${where} must be an object`);
  checkLength(block['block_id'], 255, `${where}.block_id`, problems, false);
  switch (block['type']) {
    case 'header': {
      checkKeys(block, ['type', 'text', 'block_id'], where, problems);
      checkSlackText(block['text'], 150, `${where}.text`, problems);
      if (isObject(block['text']) && block['text']['type'] !== 'plain_text') problems.push(`${where}.text must be plain_text`);
      return;
    }
    case 'section': {
      checkKeys(block, ['type', 'text', 'fields', 'accessory', 'block_id', 'expand'], where, problems);
      if (block['text'] === undefined && block['fields'] === undefined) problems.push(`${where} needs text or fields`);
      if (block['text'] !== undefined) checkSlackText(block['text'], 3000, `${where}.text`, problems);
      if (block['fields'] !== undefined) {
        const fields = block['fields'];
        if (!Array.isArray(fields) || fields.length === 0 || fields.length > 10) problems.push(`${where}.fields must hold 1 to 10 text objects`);
        else fields.forEach((f, i) => checkSlackText(f, 2000, `${where}.fields[${i}]`, problems));
      }
      const accessory = block['accessory'];
      if (accessory !== undefined && !(isObject(accessory) && isString(accessory['type']))) problems.push(`${where}.accessory must be an element`);
      return;
    }
    case 'context': {
      checkKeys(block, ['type', 'elements', 'block_id'], where, problems);
      const elements = block['elements'];
      if (!Array.isArray(elements) || elements.length === 0 || elements.length > 10) problems.push(`${where}.elements must hold 1 to 10 elements`);
      else elements.forEach((e, i) => checkSlackText(e, 3000, `${where}.elements[${i}]`, problems));
      return;
    }
    case 'divider':
      checkKeys(block, ['type', 'block_id'], where, problems);
      return;
    default:
      problems.push(`${where}.type ${String(block['type'])} is not a block Earshot expects`);
  }
}

export function slackMessageProblems(message: unknown): string[] {
  const problems: string[] = [];
  if (!isObject(message)) return ['message must be a JSON object'];
  checkKeys(message, ['text', 'blocks', 'attachments', 'thread_ts', 'mrkdwn'], 'message', problems);
  // With blocks, `text` is the notification fallback Slack recommends always sending.
  checkLength(message['text'], 40_000, 'message.text', problems);
  const blocks = message['blocks'];
  if (blocks !== undefined) {
    if (!Array.isArray(blocks) || blocks.length === 0 || blocks.length > 50) problems.push('message.blocks must hold 1 to 50 blocks');
    else blocks.forEach((b, i) => checkSlackBlock(b, `blocks[${i}]`, problems));
  }
  return problems;
}

// Discord ----------------------------------------------------------------------------------------

const embedFields = ['title', 'type', 'description', 'url', 'timestamp', 'color', 'footer', 'image', 'thumbnail', 'author', 'fields'];

function checkEmbed(embed: unknown, where: string, problems: string[]): number {
  if (!isObject(embed)) {
    problems.push(`${where} must be an object`);
    return 0;
  }
  checkKeys(embed, embedFields, where, problems);
  let chars = 0;
  const text = (value: unknown, max: number, at: string, required = false) => {
    checkLength(value, max, at, problems, required);
    if (isString(value)) chars += value.length;
  };
  text(embed['title'], 256, `${where}.title`);
  text(embed['description'], 4096, `${where}.description`);
  if (embed['type'] !== undefined && embed['type'] !== 'rich') problems.push(`${where}.type must be rich for webhooks`);
  if (embed['url'] !== undefined && !(isString(embed['url']) && /^https?:\/\//.test(embed['url']))) problems.push(`${where}.url must be an http(s) URL`);
  if (embed['timestamp'] !== undefined && !(isString(embed['timestamp']) && !Number.isNaN(Date.parse(embed['timestamp'])))) problems.push(`${where}.timestamp must be ISO8601`);
  const color = embed['color'];
  if (color !== undefined && !(Number.isInteger(color) && (color as number) >= 0 && (color as number) <= 0xffffff)) problems.push(`${where}.color must be an RGB integer`);
  if (embed['footer'] !== undefined) text(isObject(embed['footer']) ? embed['footer']['text'] : undefined, 2048, `${where}.footer.text`, true);
  if (embed['author'] !== undefined) text(isObject(embed['author']) ? embed['author']['name'] : undefined, 256, `${where}.author.name`, true);
  const fields = embed['fields'];
  if (fields !== undefined) {
    if (!Array.isArray(fields) || fields.length > 25) problems.push(`${where}.fields must hold at most 25 fields`);
    else
      fields.forEach((f, i) => {
        if (!isObject(f)) return void problems.push(`${where}.fields[${i}] must be an object`);
        checkKeys(f, ['name', 'value', 'inline'], `${where}.fields[${i}]`, problems);
        text(f['name'], 256, `${where}.fields[${i}].name`, true);
        text(f['value'], 1024, `${where}.fields[${i}].value`, true);
        if (f['inline'] !== undefined && typeof f['inline'] !== 'boolean') problems.push(`${where}.fields[${i}].inline must be a boolean`);
      });
  }
  return chars;
}

export function discordMessageProblems(message: unknown): string[] {
  const problems: string[] = [];
  if (!isObject(message)) return ['message must be a JSON object'];
  checkKeys(message, ['content', 'username', 'avatar_url', 'tts', 'embeds', 'allowed_mentions', 'components', 'flags', 'thread_name', 'applied_tags', 'poll'], 'message', problems);
  if (message['content'] === undefined && message['embeds'] === undefined) problems.push('message needs content or embeds');
  checkLength(message['content'], 2000, 'message.content', problems, false);
  checkLength(message['username'], 80, 'message.username', problems, false);
  const embeds = message['embeds'];
  if (embeds !== undefined) {
    if (!Array.isArray(embeds) || embeds.length > 10) problems.push('message.embeds must hold at most 10 embeds');
    else {
      const total = embeds.reduce<number>((sum, e, i) => sum + checkEmbed(e, `embeds[${i}]`, problems), 0);
      if (total > 6000) problems.push(`embeds carry ${total} characters, over 6000`);
    }
  }
  const mentions = message['allowed_mentions'];
  if (mentions !== undefined) {
    const parse = isObject(mentions) ? mentions['parse'] : undefined;
    if (!Array.isArray(parse) || parse.some((p) => !['roles', 'users', 'everyone'].includes(String(p)))) problems.push('allowed_mentions.parse must list roles, users or everyone');
  }
  return problems;
}
