/// The dashboard's only script (served as /assets/dashboard.js; no external code). Values from
/// the API become text nodes (`el` appends strings as text) or SVG attributes set with
/// `setAttribute`, never HTML: whatever a document contains is shown, not interpreted.
enum DashboardScript {
    static let source = #"""
        'use strict';
        const SVG = 'http://www.w3.org/2000/svg';
        const COLORS = ['#2563eb', '#db2777', '#059669', '#d97706', '#7c3aed', '#0891b2'];
        const RANGES = [['24', 'last 24 windows'], ['48', 'last 48 windows'], ['168', 'last 168 windows']];
        const analyses = new Map();
        const liveAlerts = [];  // sluice.alert.raised seen on the stream since the page loaded

        function el(tag, attrs, ...children) {
          const node = document.createElement(tag);
          for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
          for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
          return node;
        }
        function svgEl(tag, attrs, text) {
          const node = document.createElementNS(SVG, tag);
          for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
          if (text !== undefined) node.append(document.createTextNode(String(text)));
          return node;
        }
        async function api(path) {
          const response = await fetch(path, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
          if (response.status === 401) { location.href = '/signin'; throw new Error('sign in'); }
          if (!response.ok) throw new Error(path + ': ' + response.status);
          return response.json();
        }

        // Pipeline tiles, data status, alerts.
        async function loadPipeline() {
          let pipeline;
          try { pipeline = await api('/v1/pipeline'); } catch (e) { return; }
          const tiles = document.getElementById('tiles');
          tiles.replaceChildren(...pipeline.stages.map((stage, index) => el('div',
            { class: 'tile ' + stage.level, 'data-stage': stage.stage },
            el('h3', {}, (index ? '→ ' : '') + stage.stage),
            el('div', { class: 'headline' }, stage.status === 'down' ? 'no answer' : stage.headline),
            el('div', { class: 'state' }, stage.service + ': ' + stage.status))));
          document.getElementById('generated').textContent = 'as of ' + pipeline.generatedAt;
          const topics = Array.isArray(pipeline.topics) ? pipeline.topics : [];
          const columns = ['accepted', 'duplicates', 'rejected', 'deadLettered'];
          const rows = [];
          for (const topic of topics) {
            for (const span of ['hour', 'day']) {
              const figures = (topic[span] || {});
              rows.push(el('tr', {}, el('td', {}, (topic.topic || '?') + ' (last ' + span + ')'),
                ...columns.map(c => el('td', {}, figures[c] === undefined ? '–' : figures[c]))));
            }
          }
          document.getElementById('topics').replaceChildren(rows.length
            ? el('table', {}, el('tr', {}, el('th', {}, 'topic'), ...columns.map(c => el('th', {}, c))), ...rows)
            : el('p', { class: 'muted' }, 'no topic figures (Ingest did not answer)'));
          const alerts = liveAlerts.concat(Array.isArray(pipeline.alerts) ? pipeline.alerts : []);
          document.getElementById('alerts').replaceChildren(...(alerts.length
            ? alerts.map(a => el('li', {}, (a.severity || 'alert') + ': ' + (a.check || '') + ' on ' + (a.subject || '') +
                ' observed ' + a.observed + ', expected ' + a.expected))
            : [el('li', { class: 'muted' }, 'none')]));
        }

        // Analyses: one section each, one chart per aggregation.
        async function loadAnalyses() {
          let list;
          try { list = await api('/v1/annotations'); } catch (e) { return; }
          const container = document.getElementById('analyses');
          if (!list.analyses.length) container.replaceChildren(el('p', { class: 'muted' }, 'no analysis has results yet'));
          for (const info of list.analyses) {
            if (analyses.has(info.analysis)) { analyses.get(info.analysis).info = info; continue; }
            if (!analyses.size) container.replaceChildren();
            const rangeSelect = el('select', { 'aria-label': 'range' }, ...RANGES.map(([v, label]) => el('option', { value: v }, label)));
            const groupSelect = el('select', { 'aria-label': 'group' }, el('option', { value: '' }, 'all groups'));
            const state = el('p', { class: 'state muted' });
            const charts = el('div', { class: 'charts' });
            const section = el('div', { class: 'analysis', 'data-analysis': info.analysis },
              el('h3', {}, info.analysis), el('div', { class: 'controls' },
                el('label', {}, 'range ', rangeSelect), el('label', {}, 'group ', groupSelect)), state, charts);
            container.append(section);
            const entry = { info, rangeSelect, groupSelect, state, charts, groups: new Set() };
            analyses.set(info.analysis, entry);
            rangeSelect.addEventListener('change', () => loadAnalysis(info.analysis));
            groupSelect.addEventListener('change', () => loadAnalysis(info.analysis));
            loadAnalysis(info.analysis);
          }
        }

        async function loadAnalysis(name) {
          const entry = analyses.get(name);
          if (!entry) return loadAnalyses();
          const window = entry.info.windowSeconds * 1000;
          const count = Number(entry.rangeSelect.value);
          const to = Math.ceil(Date.now() / window) * window;
          const from = to - count * window;
          let query = '?from=' + encodeURIComponent(new Date(from).toISOString()) + '&to=' + encodeURIComponent(new Date(to).toISOString());
          if (entry.groupSelect.value) query += '&group=' + encodeURIComponent(entry.groupSelect.value);
          if (!entry.loaded) entry.state.textContent = 'loading…';
          try {
            const result = await api('/v1/annotations/' + encodeURIComponent(name) + query);
            entry.loaded = true;
            render(entry, result, from, to, window);
          } catch (e) {
            entry.state.replaceChildren(el('span', { class: 'error' }, 'could not load: ' + e.message));
          }
        }

        function groupLabel(group) {
          const keys = Object.keys(group || {});
          return keys.length ? keys.map(k => k + ':' + group[k]).join(', ') : 'all';
        }

        function render(entry, result, from, to, window) {
          const missingWindows = result.missing.reduce((n, m) => n + (Date.parse(m.to) - Date.parse(m.from)) / window, 0);
          entry.state.replaceChildren(
            'version ' + result.version + ' · ' + result.status,
            ...(missingWindows ? [' · ', el('span', { class: 'waiting-note' }, missingWindows + ' windows waiting for analysis')] : []),
            ...(result.analyticsReachable ? [] : [' · ', el('span', { class: 'error' }, 'Analytics unreachable')]));
          entry.charts.setAttribute('data-status', result.status);
          const series = new Map();
          const aggregations = new Set();
          for (const doc of result.annotations) {
            const group = doc.group || {};
            for (const [k, v] of Object.entries(group)) {
              const option = k + ':' + v;
              if (!entry.groups.has(option)) { entry.groups.add(option); entry.groupSelect.append(el('option', { value: option }, option)); }
            }
            const label = groupLabel(group);
            if (!series.has(label)) series.set(label, []);
            series.get(label).push(doc);
            for (const k of Object.keys(doc.values || {})) aggregations.add(k);
          }
          if (!aggregations.size) aggregations.add(result.status === 'complete' ? 'no values' : 'waiting for analysis');
          entry.charts.replaceChildren(...[...aggregations].map(name =>
            chart(name, series, result.missing, from, to, window)));
        }

        function chart(name, series, missing, from, to, window) {
          const W = 600, H = 160, P = 28;
          const x = t => P + (W - 2 * P) * (t - from) / (to - from);
          let max = 0;
          for (const docs of series.values()) for (const d of docs) {
            const v = Number((d.values || {})[name]);
            if (Number.isFinite(v) && v > max) max = v;
          }
          const y = v => H - P - (H - 2 * P) * (max ? v / max : 0);
          const svg = svgEl('svg', { viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-label': name });
          svg.append(svgEl('line', { x1: P, y1: H - P, x2: W - P, y2: H - P, stroke: '#9ca3af' }));
          svg.append(svgEl('text', { x: 2, y: P, 'font-size': 11, fill: '#6b7280' }, max.toLocaleString()));
          svg.append(svgEl('text', { x: P, y: H - 8, 'font-size': 11, fill: '#6b7280' }, new Date(from).toISOString().slice(0, 16) + 'Z'));
          let waiting = 0, firstWaiting = null;
          for (const m of missing) {
            const a = Math.max(from, Date.parse(m.from)), b = Math.min(to, Date.parse(m.to));
            if (b <= a) continue;
            waiting += 1;
            if (firstWaiting === null) firstWaiting = (x(a) + x(b)) / 2;
            const rect = svgEl('rect', { class: 'waiting', x: x(a), y: P, width: Math.max(1, x(b) - x(a)), height: H - 2 * P, fill: '#fde68a', opacity: 0.6 });
            rect.append(svgEl('title', {}, 'waiting for analysis: ' + m.from + ' – ' + m.to));
            svg.append(rect);
          }
          if (waiting) svg.append(svgEl('text', { class: 'waiting-label', x: Math.min(W - 70, Math.max(70, firstWaiting)), y: P - 6,
            'text-anchor': 'middle', 'font-size': 12, fill: '#92400e' }, 'waiting for analysis'));
          let index = 0;
          const legend = el('div', { class: 'muted' });
          for (const [label, docs] of series) {
            const slot = index++ % COLORS.length;
            const color = COLORS[slot];
            const points = docs.map(d => [Date.parse(d.windowStart), Number((d.values || {})[name])])
              .filter(p => Number.isFinite(p[1])).sort((a, b) => a[0] - b[0]);
            if (!points.length) continue;
            svg.append(svgEl('polyline', { fill: 'none', stroke: color, 'stroke-width': 2,
              points: points.map(p => x(p[0] + window / 2) + ',' + y(p[1])).join(' ') }));
            for (const p of points) {
              const dot = svgEl('circle', { class: 'point', cx: x(p[0] + window / 2), cy: y(p[1]), r: 2.5, fill: color });
              dot.append(svgEl('title', {}, label + ' ' + new Date(p[0]).toISOString() + ': ' + p[1]));
              svg.append(dot);
            }
            legend.append(el('span', { class: 's' + slot }, '● '), label + '  ');
          }
          return el('div', { class: 'chart', 'data-aggregation': name }, el('h4', {}, name), svg, legend);
        }

        // Live updates.
        function connect() {
          const live = document.getElementById('live');
          const source = new EventSource('/v1/stream');
          source.onopen = () => { live.textContent = 'live'; live.className = 'live on'; };
          source.onerror = () => { live.textContent = 'reconnecting…'; live.className = 'live off'; };
          const refresh = e => {
            let event;
            try { event = JSON.parse(e.data); } catch (err) { return; }
            const name = event.data && event.data.analysis;
            if (name) loadAnalysis(name);
          };
          source.addEventListener('sluice.analysis.completed', refresh);
          source.addEventListener('sluice.analysis.invalidated', refresh);
          source.addEventListener('sluice.analysis.failed', refresh);
          source.addEventListener('sluice.alert.raised', e => {
            try { liveAlerts.unshift(JSON.parse(e.data).data || {}); } catch (err) { return; }
            if (liveAlerts.length > 20) liveAlerts.pop();
            loadPipeline();
          });
        }

        loadPipeline();
        loadAnalyses();
        connect();
        setInterval(loadPipeline, 5000);
        setInterval(loadAnalyses, 30000);
        """#
}
