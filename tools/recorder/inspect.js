#!/usr/bin/env node
// Prints a compact per-sample summary of recordings, to read off what each library version does:
//   node inspect.js ../../ObserveRtc.Tests/Recordings/screenshare.schema3.jsonl [...]
// One row per sample: time since the file's first line, participant, and per peer connection
// its id prefix and what it carries; then the events in the sample.
'use strict';
const fs = require('node:fs');

const short = (id) => (id == null ? '-' : String(id).slice(0, 6));

function summarize2(s) {
  const byPc = new Map();
  const get = (id) => {
    if (!byPc.has(id)) byPc.set(id, []);
    return byPc.get(id);
  };
  for (const t of s.pcTransports ?? []) get(t.peerConnectionId).push(`T(${t.dtlsState ?? '?'}/${t.iceState ?? '?'})`);
  for (const [key, tag] of [['inboundAudioTracks', 'ia'], ['inboundVideoTracks', 'iv'], ['outboundAudioTracks', 'oa'], ['outboundVideoTracks', 'ov']]) {
    for (const t of s[key] ?? []) {
      const bytes = t.bytesReceived ?? t.bytesSent;
      get(t.peerConnectionId).push(`${tag}:${short(t.trackId)}:${t.ssrc}:${bytes}`);
    }
  }
  for (const d of s.dataChannels ?? []) get(d.peerConnectionId).push(`dc:${d.label}:${d.state}`);
  for (const p of s.iceCandidatePairs ?? []) if (p.nominated) get(p.peerConnectionId).push(`pair:${p.state}`);
  const pcs = [...byPc.entries()].map(([id, items]) => `${short(id)}[${items.join(' ')}]`);
  const events = (s.customCallEvents ?? []).map((e) => `${e.name}${e.peerConnectionId ? '@' + short(e.peerConnectionId) : ''}${e.mediaTrackId ? '#' + short(e.mediaTrackId) : ''}`);
  return { ids: `c=${short(s.clientId)} call=${s.callId ?? '-'} room=${s.roomId ? 'set' : '-'} user=${s.userId ?? '-'} seq=${s.sampleSeq}`, pcs, events };
}

function summarize3(s) {
  const pcs = (s.peerConnections ?? []).map((pc) => {
    const items = [];
    for (const t of pc.peerConnectionTransports ?? []) items.push(`pcT`);
    for (const t of pc.iceTransports ?? []) items.push(`iceT(${t.dtlsState ?? '?'}/${t.iceState ?? '?'})`);
    const src = new Map((pc.mediaSources ?? []).map((m) => [m.id, m]));
    for (const r of pc.inboundRtps ?? []) items.push(`in:${r.kind?.[0]}:${short(r.trackIdentifier)}:${r.ssrc}:${r.bytesReceived}`);
    for (const r of pc.outboundRtps ?? []) {
      const m = src.get(r.mediaSourceId);
      items.push(`out:${r.kind?.[0]}:${m ? short(m.trackIdentifier) : (r.mediaSourceId ? 'dangling:' + r.mediaSourceId : 'nosrc')}:${r.ssrc}:${r.bytesSent}`);
    }
    for (const m of pc.mediaSources ?? []) items.push(`src:${m.kind?.[0]}:${short(m.trackIdentifier)}`);
    for (const t of pc.inboundTracks ?? []) items.push(`inTrack:${short(t.id)}`);
    for (const t of pc.outboundTracks ?? []) items.push(`outTrack:${short(t.id)}`);
    for (const d of pc.dataChannels ?? []) items.push(`dc:${d.label}:${d.state}`);
    for (const p of pc.iceCandidatePairs ?? []) if (p.nominated) items.push(`pair:${p.state}`);
    return `${short(pc.peerConnectionId)}[${items.join(' ')}]`;
  });
  const events = (s.clientEvents ?? []).map((e) => {
    let p = {};
    try { p = e.payload ? JSON.parse(e.payload) : {}; } catch { /* not JSON */ }
    return `${e.type}${p.peerConnectionId ? '@' + short(p.peerConnectionId) : ''}${p.trackId ? '#' + short(p.trackId) : ''}`;
  });
  const issues = (s.clientIssues ?? []).map((i) => `ISSUE:${i.type}`);
  return { ids: `c=${short(s.clientId)} call=${s.callId ?? '-'} att=${s.attachments ? Object.keys(s.attachments).join('+') : '-'}`, pcs, events: [...events, ...issues] };
}

for (const file of process.argv.slice(2)) {
  console.log(`== ${file}`);
  const lines = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
  let t0;
  for (const line of lines) {
    const o = JSON.parse(line);
    t0 ??= o.receivedAt;
    const s = o.sample;
    const r = 'peerConnections' in s || 'clientEvents' in s || 'attachments' in s ? summarize3(s) : summarize2(s);
    console.log(`${((o.receivedAt - t0) / 1000).toFixed(1).padStart(5)} ${o.mediaUnitId.padEnd(6)} ${r.ids} ${r.pcs.join(' ')}${r.events.length ? '  EV: ' + r.events.join(', ') : ''}`);
  }
}
