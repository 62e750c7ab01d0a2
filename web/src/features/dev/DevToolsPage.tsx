import { Page } from '../../ui/Page';
import { ClockControl } from './ClockControl';
import { DevMailbox } from './DevMailbox';

/** Lives under /admin/dev: the server owns /dev/* (its own mailbox page), so the SPA cannot route there. */
export function DevToolsPage() {
  return (
    <Page
      title="Development tools"
      lead="Only present when the app runs against the Stripe emulator or test mode."
    >
      <div className="stack">
        <ClockControl />
        <DevMailbox />
      </div>
    </Page>
  );
}
