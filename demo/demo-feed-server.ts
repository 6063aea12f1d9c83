import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FEEDS, type ScenarioItem } from './backlash-scenario';

export interface DemoFeedServer {
  baseUrl: string;
  /** The simulated present: feeds show only what was published by then. */
  setNow(now: number): void;
  requests: number;
  close(): Promise<void>;
}

const escapeXml = (s: string) => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

function renderRss(title: string, items: ScenarioItem[]): string {
  const entries = items
    .map(
      (i) => `<item><title>${escapeXml(i.title)}</title><link>${escapeXml(i.link)}</link><guid isPermaLink="false">${escapeXml(i.guid)}</guid>` +
        `<pubDate>${new Date(i.publishedAt).toUTCString()}</pubDate><dc:creator>${escapeXml(i.author)}</dc:creator>` +
        `<description>${escapeXml(`<p>${i.text}</p>`)}</description></item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>${escapeXml(title)}</title><link>https://example.com/</link><description>demo</description>\n${entries}\n</channel></rss>\n`;
}

function renderAtom(title: string, items: ScenarioItem[]): string {
  const entries = items
    .map(
      (i) => `<entry><title>${escapeXml(i.title)}</title><link href="${escapeXml(i.link)}"/><id>${escapeXml(i.guid)}</id>` +
        `<updated>${new Date(i.publishedAt).toISOString()}</updated><author><name>${escapeXml(i.author)}</name></author>` +
        `<content type="html">${escapeXml(`<p>${i.text}</p>`)}</content></entry>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>${escapeXml(title)}</title><id>urn:demo:${escapeXml(title)}</id><updated>1970-01-01T00:00:00Z</updated>\n${entries}\n</feed>\n`;
}

/** Serves the scenario's feeds on 127.0.0.1 with ETags, answering 304 when nothing new was published. */
export async function startDemoFeedServer(items: ScenarioItem[]): Promise<DemoFeedServer> {
  let now = 0;
  const state = { requests: 0 };
  const server: Server = createServer((req, res) => {
    state.requests += 1;
    const feed = FEEDS.find((f) => f.path === req.url);
    if (!feed) {
      res.writeHead(404).end('not found');
      return;
    }
    const visible = items
      .filter((i) => i.feed === feed.path && i.publishedAt <= now)
      .sort((a, b) => b.publishedAt - a.publishedAt)
      .slice(0, 50);
    const body = feed.format === 'atom' ? renderAtom(feed.title, visible) : renderRss(feed.title, visible);
    const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag }).end();
      return;
    }
    res.writeHead(200, { 'content-type': feed.format === 'atom' ? 'application/atom+xml; charset=utf-8' : 'application/rss+xml; charset=utf-8', etag });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    setNow: (t) => {
      now = t;
    },
    get requests() {
      return state.requests;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
