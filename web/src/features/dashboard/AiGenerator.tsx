import { useState, type FormEvent } from 'react';
import { hasCode, isApiError } from '../../api/errors';
import { formatDateTime } from '../../ui/format';
import { FormError } from '../../ui/FormError';
import { Empty, ErrorState, Loading } from '../../ui/States';
import { useAiHistory, useGenerate } from './ai';
import { UpgradeCta } from './UpgradeCta';

const maxPrompt = 500;

export function AiGenerator({ hasAccess }: { hasAccess: boolean }) {
  const [prompt, setPrompt] = useState('');
  const [fieldError, setFieldError] = useState<string | undefined>();
  const generate = useGenerate();
  const history = useAiHistory(hasAccess);
  const locked = !hasAccess || hasCode(generate.error, 'SUBSCRIPTION_INACTIVE');
  const serverFieldError = isApiError(generate.error) ? generate.error.details.prompt : undefined;
  const promptError = fieldError ?? serverFieldError;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const text = prompt.trim();
    if (!text) return setFieldError('Write what you would like generated.');
    if (text.length > maxPrompt) return setFieldError(`Keep it under ${maxPrompt} characters.`);
    setFieldError(undefined);
    generate.mutate(text);
  };

  return (
    <section className="card stack" aria-labelledby="ai-heading">
      <h2 id="ai-heading">AI generator</h2>
      {locked ? (
        <UpgradeCta feature="The AI generator" error={generate.error} />
      ) : (
        <>
          <form className="form" onSubmit={onSubmit} noValidate>
            <div className="field">
              <label htmlFor="ai-prompt">Prompt</label>
              <textarea
                id="ai-prompt"
                value={prompt}
                onChange={(e) => setPrompt(e.target.value)}
                aria-invalid={promptError ? true : undefined}
                aria-describedby={promptError ? 'ai-prompt-error' : 'ai-prompt-hint'}
              />
              {promptError ? (
                <p className="field__error" id="ai-prompt-error">
                  {promptError}
                </p>
              ) : (
                <p className="field__hint" id="ai-prompt-hint">
                  For example: “Write a friendly renewal reminder.”
                </p>
              )}
            </div>
            {!serverFieldError ? <FormError error={generate.error} /> : null}
            <div>
              <button className="button button--primary" disabled={generate.isPending}>
                {generate.isPending ? 'Generating…' : 'Generate'}
              </button>
            </div>
          </form>
          <div className="ai-output" aria-live="polite" aria-label="Result">
            {generate.data?.output ?? <span className="muted">Your result appears here.</span>}
          </div>
          <h3>History</h3>
          {history.isPending ? (
            <Loading label="Loading history…" minHeight={60} />
          ) : history.isError ? (
            <ErrorState error={history.error} onRetry={() => void history.refetch()} />
          ) : history.data.length === 0 ? (
            <Empty>Nothing generated yet.</Empty>
          ) : (
            <ol className="plain-list stack">
              {history.data.map((item) => (
                <li key={item.id}>
                  <details>
                    <summary>
                      {item.prompt || 'Untitled'}{' '}
                      <span className="muted">
                        {item.createdAt ? `· ${formatDateTime(item.createdAt)}` : ''}
                      </span>
                    </summary>
                    <p className="ai-output">{item.output}</p>
                  </details>
                </li>
              ))}
            </ol>
          )}
        </>
      )}
    </section>
  );
}
