// Raw `sentiment` 5.0.2 (AFINN-165): the comparative score (sum / tokens), clipped to [-1, 1],
// the mapping the dev set's README uses for its "bar to beat" table.
import Sentiment from 'sentiment';
import { serveContract } from './_contract.mjs';

const analyzer = new Sentiment();
await serveContract((text) => analyzer.analyze(text).comparative);
