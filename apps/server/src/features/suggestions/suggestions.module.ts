import { defineModule } from '../../modules/module.js';
import { SuggestionService } from './suggestions.service.js';
import { suggestionRoutes } from './suggestions.routes.js';
import { seedDemoSuggestions } from './suggestions.demo.js';

declare module '../../modules/module.js' {
  interface Offers {
    suggestions: Record<string, never>;
  }
  interface Services {
    suggestions: SuggestionService;
  }
}

/** Suggestion campaigns (民意征集, 为民服务实事): public form, hotline, adoption, tasks, call backs. */
export const suggestionsModule = defineModule({
  name: 'suggestions',
  needs: ['org'],
  async create({ db, clock, config }, { org }) {
    const suggestions = new SuggestionService(db, org, config.timeZone, clock);
    // A demo city gets the open 2026 campaign and its suggestions once (also a city made before this module).
    if (config.demo) {
      const campaignId = await suggestions.ensureDemoCampaign();
      if (campaignId !== null) await seedDemoSuggestions(db, campaignId, clock.now());
    }
    return { offer: {}, services: { suggestions }, routes: (app) => suggestionRoutes(app, { suggestions }) };
  },
});
