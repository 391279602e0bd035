import { OktaError } from '../errors';
import { pipelinePlugin } from './pipeline-plugin';

/** Bodies: any content type is read as JSON; an empty body is "no body" (Okta clients send bare POSTs). */
export const jsonBodies = pipelinePlugin('json-bodies', async (app) => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new OktaError('E0000003'), undefined);
    }
  });
});
