// The `sentiment` package's English language module (CommonJS): AFINN-165 labels and its scoring
// strategy. Imported through index.js rather than labels.json, because ESM loaders that turn a JSON
// file into named exports choke on AFINN keys such as "protected" and "super".
declare module 'sentiment/languages/en/index.js' {
  const english: { labels: Record<string, number> };
  export default english;
}
