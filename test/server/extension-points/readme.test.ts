import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { END, extensionPointsMarkdown, START } from '../../../server/cli/extension-points-doc.js';

/** The README documents the contracts the platform checks: its section is the registry's, generated (`npm run docs:points`). */
describe('README extension points', () => {
  it('holds the section generated from the registry, word for word', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf(START), readme.indexOf(END) + END.length);
    expect(section).toBe(extensionPointsMarkdown());
    for (const key of ['orderPricing', 'rebateOffset', 'warehouseRouting', 'rebateStatement', 'orderApproval', 'tierReview', 'dealerOnboarding']) {
      expect(section).toContain(`#### \`${key}\``);
    }
  });
});
