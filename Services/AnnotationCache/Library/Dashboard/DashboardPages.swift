import Foundation

/// The dashboard's HTML pages. Static text: every value shown comes from the API and is put
/// in the page by `DashboardScript` as text nodes (never as HTML), so nothing needs escaping here.
enum DashboardPages {
    static let index = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Sluice flight control</title>
        <link rel="stylesheet" href="/assets/dashboard.css">
        <script src="/assets/dashboard.js" defer></script>
        </head>
        <body>
        <header><h1>Sluice flight control</h1><span id="live" class="live off">connecting…</span>
        <a href="/signout" class="signout">sign out</a></header>
        <main>
        <section aria-label="pipeline"><h2>Pipeline</h2><div id="tiles" class="tiles"><p class="muted">loading…</p></div>
        <p class="muted" id="generated"></p></section>
        <section aria-label="data status"><h2>Data status</h2><div id="topics"></div><h3>Open alerts</h3><ul id="alerts"><li class="muted">none</li></ul></section>
        <section aria-label="analyses"><h2>Analyses</h2><div id="analyses"><p class="muted">loading…</p></div></section>
        </main>
        </body>
        </html>
        """

    static let signIn = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Sign in · Sluice</title>
        <link rel="stylesheet" href="/assets/dashboard.css">
        </head>
        <body>
        <header><h1>Sluice flight control</h1></header>
        <main class="signin">
        <form method="post" action="/v1/session">
        <label for="key">API key with read scope</label>
        <input id="key" name="key" type="password" autocomplete="off" required>
        <button type="submit">Sign in</button>
        <p class="muted">The key is kept in an HttpOnly, SameSite=Strict cookie of this site only.</p>
        </form>
        </main>
        </body>
        </html>
        """

    static let signInFailed = signIn.replacingOccurrences(
        of: "<button type=\"submit\">", with: "<p class=\"error\">That key is not valid.</p><button type=\"submit\">")

    static let css = """
        :root { --good: #1a7f37; --warning: #b58100; --bad: #c62828; --ink: #1d2330; --muted: #6b7280; --line: #d9dee7; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: #f5f7fa; }
        header { display: flex; align-items: center; gap: 1rem; padding: .8rem 1.5rem; background: #111827; color: #fff; }
        header h1 { font-size: 1.2rem; margin: 0; flex: 1; }
        header a { color: #cbd5e1; }
        main { padding: 1rem 1.5rem; max-width: 1200px; margin: 0 auto; }
        h2 { font-size: 1.05rem; margin: 1.4rem 0 .6rem; }
        .muted { color: var(--muted); }
        .live { font-size: .8rem; padding: .15rem .5rem; border-radius: 1rem; background: #374151; }
        .live.on { background: var(--good); }
        .tiles { display: grid; grid-template-columns: repeat(5, 1fr); gap: .8rem; }
        .tile { background: #fff; border-radius: .5rem; padding: .8rem; border-top: 6px solid var(--muted); box-shadow: 0 1px 2px #0001; }
        .tile.good { border-color: var(--good); } .tile.warning { border-color: var(--warning); } .tile.bad { border-color: var(--bad); }
        .tile h3 { margin: 0; font-size: .8rem; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); }
        .tile .headline { font-size: 1.25rem; font-weight: 600; margin: .3rem 0; }
        .tile .state { font-size: .85rem; }
        .tile.bad .state { color: var(--bad); font-weight: 600; }
        .tile .arrow { color: var(--muted); }
        table { border-collapse: collapse; background: #fff; }
        td, th { padding: .3rem .7rem; border-bottom: 1px solid var(--line); text-align: right; }
        td:first-child, th:first-child { text-align: left; }
        .analysis { background: #fff; border-radius: .5rem; padding: .8rem 1rem; margin-bottom: 1rem; box-shadow: 0 1px 2px #0001; }
        .analysis h3 { margin: 0 0 .4rem; }
        .controls { display: flex; gap: .8rem; margin-bottom: .4rem; font-size: .9rem; }
        .charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(340px, 1fr)); gap: .8rem; }
        .chart h4 { margin: .2rem 0; font-size: .9rem; }
        .chart svg { width: 100%; height: 160px; background: #fbfcfe; border: 1px solid var(--line); }
        .waiting-note { color: var(--warning); font-weight: 600; }
        .error { color: var(--bad); }
        .s0 { color: #2563eb; } .s1 { color: #db2777; } .s2 { color: #059669; } .s3 { color: #d97706; } .s4 { color: #7c3aed; } .s5 { color: #0891b2; }
        .signin form { display: grid; gap: .6rem; max-width: 24rem; margin-top: 2rem; }
        .signin input, .signin button { font: inherit; padding: .5rem; }
        @media (max-width: 900px) { .tiles { grid-template-columns: 1fr 1fr; } }
        """
}
