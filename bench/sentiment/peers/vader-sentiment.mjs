// vader-sentiment 1.1.3 (JS port of VADER): the compound score, already in [-1, 1].
import vader from 'vader-sentiment';
import { serveContract } from './_contract.mjs';

await serveContract((text) => vader.SentimentIntensityAnalyzer.polarity_scores(text).compound);
