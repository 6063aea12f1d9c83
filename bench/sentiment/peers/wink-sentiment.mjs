// wink-sentiment 5.0.2: normalizedScore (about -5..+5) divided by 5, as in the dev set's README.
import wink from 'wink-sentiment';
import { serveContract } from './_contract.mjs';

await serveContract((text) => wink(text).normalizedScore / 5);
