import { describe, expect, it } from 'vitest';
import { dashboardCss } from '../../dashboards/dashboard-styles';

/** WCAG 2.1 relative luminance of a #rgb or #rrggbb colour. */
function luminance(hex: string): number {
  const digits = hex.length === 4 ? [...hex.slice(1)].map((d) => d + d) : [hex.slice(1, 3), hex.slice(3, 5), hex.slice(5, 7)];
  const [r, g, b] = digits.map((d) => {
    const c = parseInt(d, 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

function contrast(a: string, b: string): number {
  const [dark, light] = [luminance(a), luminance(b)].sort((x, y) => x - y);
  return (light! + 0.05) / (dark! + 0.05);
}

const variables = new Map([...dashboardCss.matchAll(/(--[a-z-]+):\s*(#[0-9a-f]{3,6})/gi)].map((m) => [m[1]!, m[2]!]));

/** Every background a sentiment label or status pill can take; their text is white. */
const pillBackgrounds = [...dashboardCss.matchAll(/^([^{\n]*\.(?:pill|label)\b[^{]*)\{[^}]*background:\s*(var\((--[a-z-]+)\)|#[0-9a-f]{3,6})/gim)].map((m) => ({
  selector: m[1]!.trim(),
  colour: m[3] ? variables.get(m[3])! : m[2]!,
}));

describe('label and pill colours', () => {
  it('finds the pills and labels it checks', () => {
    expect(pillBackgrounds.length).toBeGreaterThanOrEqual(8);
  });

  // WCAG AA for small text (labels are 11-12 px): 4.5:1. Grey "neutral" and "pending" were 3.25:1.
  it.each(pillBackgrounds)('$selector: white text on $colour reaches 4.5:1', ({ colour }) => {
    expect(contrast(colour, '#ffffff')).toBeGreaterThanOrEqual(4.5);
  });
});
