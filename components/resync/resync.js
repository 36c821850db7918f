// Watches Streamlit's connection state; after it has left CONNECTED and come back, one trigger.
// Streamlit has no public event for this: the state is the attribute its own tests read on stApp.
const STATE = "data-test-connection-state";

export default function ({ setTriggerValue }) {
  const app = document.querySelector("[data-testid='stApp']");
  if (!app) return;
  let lost = false;
  const watch = new MutationObserver(() => {
    if (app.getAttribute(STATE) !== "CONNECTED") lost = true;
    else if (lost) {
      lost = false;
      setTriggerValue("reconnected", Date.now());
    }
  });
  watch.observe(app, { attributes: true, attributeFilter: [STATE] });
  return () => watch.disconnect();
}
