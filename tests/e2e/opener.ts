// The BROWSER command of the UI journey: hands the URL `mcpdesk ui` wants opened to the test (which opens it in a Playwright page).
const inbox = process.env.E2E_OPENER;
const url = process.argv[2];
if (!inbox || !url) process.exit(2);
const res = await fetch(inbox, { method: 'POST', body: url });
process.exit(res.ok ? 0 : 1);
