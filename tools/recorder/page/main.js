// Browser entry (bundled with esbuild into one script). It runs one scenario with one
// client-monitor-js version in this page: every participant is an object with its own
// RTCPeerConnections and its own monitor; media is synthetic (WebAudio oscillator, animated
// canvas); SDP and ICE candidates are exchanged in-page, loopback host candidates only.
//
// window.recorder.run(scenarioName, version) resolves to { lines, truth }:
//   lines: replay lines (design.md §7) as JSON strings, in emission order
//   truth: what the page itself did (ids, times, peer connections, tracks)
import { createClientMonitor } from 'cm3';
import { ClientMonitor } from 'cm4';
import { SCENARIOS } from './scenarios.js';

export const LIBRARIES = {
  cm3: { package: '@observertc/client-monitor-js', version: '3.11.1', schema: 'schema2', schemaVersion: '2.2' },
  cm4: { package: '@observertc/client-monitor-js', version: '4.0.3', schema: 'schema3', schemaVersion: '3.0.0' },
};

const SAMPLING_PERIOD_MS = 1000;
const now = () => Date.now();
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function withTimeout(promise, ms, what) {
  let t;
  return Promise.race([
    promise.finally(() => clearTimeout(t)),
    new Promise((_, rej) => { t = setTimeout(() => rej(new Error(`timeout: ${what}`)), ms); }),
  ]);
}

function jsonReplacer(_key, value) {
  // JSON has no BigInt; none is expected from these versions, but never let one break a run.
  return typeof value === 'bigint' ? Number(value) : value;
}

// ---------------------------------------------------------------------------------------------
// Synthetic media
// ---------------------------------------------------------------------------------------------
let audioContext;
function makeAudioTrack(frequency) {
  audioContext ??= new AudioContext();
  const osc = audioContext.createOscillator();
  osc.frequency.value = frequency;
  const gain = audioContext.createGain();
  gain.gain.value = 0.2;
  const dest = audioContext.createMediaStreamDestination();
  osc.connect(gain).connect(dest);
  osc.start();
  const track = dest.stream.getAudioTracks()[0];
  return { track, stop: () => { try { osc.stop(); } catch { /* already */ } track.stop(); } };
}

export function makeVideoTrack(label, color) {
  const canvas = document.createElement('canvas');
  canvas.width = 160;
  canvas.height = 120;
  const ctx = canvas.getContext('2d');
  let frame = 0;
  const draw = () => {
    frame++;
    ctx.fillStyle = color;
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.fillStyle = '#fff';
    ctx.fillRect((frame * 4) % canvas.width, 40, 30, 30);
    ctx.fillText(`${label} ${frame}`, 4, 12);
  };
  draw();
  const timer = setInterval(draw, 66);
  const track = canvas.captureStream(15).getVideoTracks()[0];
  return { track, stop: () => { clearInterval(timer); track.stop(); } };
}

// Remote tracks are played like an app would (so audio is decoded and playout stats exist).
function playRemoteTrack(track) {
  const el = document.createElement(track.kind === 'audio' ? 'audio' : 'video');
  el.autoplay = true;
  el.muted = false;
  el.srcObject = new MediaStream([track]);
  document.body.appendChild(el);
  el.play().catch(() => {});
}

// ---------------------------------------------------------------------------------------------
// Run: collects lines and the ground truth
// ---------------------------------------------------------------------------------------------
export class Run {
  constructor(scenario, version) {
    this.scenario = scenario;
    this.version = version;
    this.lib = LIBRARIES[version];
    this.lines = [];
    this.participants = [];
    this.actions = [];
    this.roomId = `room-${scenario.name}-${crypto.randomUUID().slice(0, 8)}`;
    this.callId = undefined; // set by the scenario when the app provides a callId
    this.startedAt = now();
    this.stopped = false;
  }

  action(participant, what, details) {
    this.actions.push({ at: now(), participant: participant?.name ?? null, action: what, ...(details ?? {}) });
  }

  emit(participant, sample) {
    this.lines.push(JSON.stringify({
      receivedAt: now(),
      serviceId: 'recorder',
      mediaUnitId: participant.name,
      sample,
    }, jsonReplacer));
    participant.samplesWritten++;
  }

  participant(name, options) {
    const p = new Participant(this, name, options ?? {});
    this.participants.push(p);
    return p;
  }

  async refreshAllSsrcs() {
    for (const p of this.participants) {
      for (const rec of p.pcs) {
        if (rec.closedAt === null) await rec.refreshSsrcs().catch(() => {});
      }
    }
  }

  truth() {
    return {
      library: `${this.lib.package}@${this.lib.version}`,
      npmAlias: this.version,
      schemaVersion: this.lib.schemaVersion,
      file: `${this.scenario.name}.${this.lib.schema}.jsonl`,
      userAgent: navigator.userAgent,
      samplingPeriodMs: SAMPLING_PERIOD_MS,
      roomId: this.roomId,
      callId: this.callId ?? null,
      startedAt: this.startedAt,
      endedAt: this.endedAt,
      sampleLines: this.lines.length,
      participants: this.participants.map((p) => p.truth()),
      actions: this.actions,
    };
  }
}

// ---------------------------------------------------------------------------------------------
// Participant: one application client with its own monitor and peer connections
// ---------------------------------------------------------------------------------------------
let colorIndex = 0;
const COLORS = ['#c33', '#3a3', '#33c', '#a3a', '#3aa', '#aa3'];

export class Participant {
  constructor(run, name, options) {
    this.run = run;
    this.name = name;
    this.clientId = options.clientId ?? crypto.randomUUID();
    this.userId = options.userId ?? `user-${name}`;
    // explicit: the app tells the library about endings (PC removal, leaving) the way the
    // README shows; otherwise PCs are just closed and the samples stop.
    this.explicit = options.explicit ?? true;
    this.media = options.media ?? { audio: true, video: true };
    this.sessions = [];
    this.pcs = [];
    this.samplesWritten = 0;
    this.localTracks = []; // { purpose, kind, track, stop }
    this.monitor = undefined;
  }

  get session() { return this.sessions[this.sessions.length - 1]; }

  // --- join: create the monitor (and the local media on first join) -------------------------
  join(options = {}) {
    const explicit = options.explicit ?? this.explicit;
    const session = {
      index: this.sessions.length,
      clientId: this.clientId,
      joinedAt: now(),
      joinSignal: undefined,
      leftAt: null,
      leaveExplicit: null,
      leaveSignal: null,
      monitorClosedAt: null,
      samplesShipped: 0,
    };
    this.sessions.push(session);
    if (this.run.version === 'cm3') {
      const monitor = createClientMonitor({
        collectingPeriodInMs: SAMPLING_PERIOD_MS,
        samplingTick: 1,
        // several monitors share this page: do not let each one patch navigator.mediaDevices
        integrateNavigatorMediaDevices: false,
        // 3.11.1 adds CLIENT_JOINED to the first sample whatever this says (sample() calls join())
        createClientJoinedEvent: true,
      });
      monitor.setUserId(this.userId);
      monitor.on('sample-created', ({ clientSample }) => this._ship(session, clientSample));
      monitor.on('close', ({ lastSample }) => {
        // The last sample (made by close()) comes with the 'close' event, not 'sample-created'.
        // An app that signals its leaving ships it; an app that just goes away does not.
        if (lastSample && session.shipLastSampleOnClose) this._ship(session, lastSample);
      });
      session.joinSignal = 'library: CLIENT_JOINED customCallEvent in the first sample (timestamp = monitor creation)';
      this.monitor = monitor;
    } else {
      const config = {
        clientId: this.clientId,
        collectingPeriodInMs: SAMPLING_PERIOD_MS,
        samplingPeriodInMs: SAMPLING_PERIOD_MS,
        integrateNavigatorMediaDevices: false,
        addClientJointEventOnCreated: explicit,
        addClientLeftEventOnClose: explicit,
      };
      if (this.run.callId) config.callId = this.run.callId;
      const monitor = new ClientMonitor(config);
      // schema 3 has no roomId/userId fields: the app puts them into the client attachments
      monitor.attachments = { roomId: this.run.roomId, userId: this.userId };
      monitor.on('sample-created', ({ sample }) => this._ship(session, sample));
      session.joinSignal = explicit
        ? 'library: CLIENT_JOINED clientEvent (addClientJointEventOnCreated: true)'
        : 'none: addClientJointEventOnCreated: false, the first sample is the only sign';
      this.monitor = monitor;
    }
    session.explicitJoin = this.run.version === 'cm3' ? true : explicit;
    this.run.action(this, 'join', { session: session.index, clientId: this.clientId });
    if (this.localTracks.length === 0) this._createLocalMedia();
    return this;
  }

  _createLocalMedia() {
    const i = colorIndex++;
    if (this.media.audio) {
      const a = makeAudioTrack(300 + 100 * i);
      this.localTracks.push({ purpose: 'microphone', kind: 'audio', ...a });
    }
    if (this.media.video) {
      const v = makeVideoTrack(this.name, COLORS[i % COLORS.length]);
      this.localTracks.push({ purpose: 'camera', kind: 'video', ...v });
    }
    this.stream = new MediaStream(this.localTracks.map((t) => t.track));
  }

  _ship(session, sample) {
    if (this.run.stopped) return;
    // What an application does before shipping: 3.11.1 hard-codes "NULL" ids, the app sets them.
    if (this.run.version === 'cm3') {
      sample.clientId = this.clientId;
      sample.roomId = this.run.roomId;
      if (this.run.callId) sample.callId = this.run.callId;
      // userId was set with monitor.setUserId(); callId stays the library's "NULL" unless the app has one
    }
    session.samplesShipped++;
    session.firstSampleAt ??= sample.timestamp;
    session.lastSampleAt = sample.timestamp;
    this.run.emit(this, sample);
  }

  // --- peer connections -----------------------------------------------------------------------
  createPc(remote, label) {
    const pc = new RTCPeerConnection({ iceServers: [], bundlePolicy: 'max-bundle' });
    const rec = new PcRecord(this, remote, pc, label);
    if (this.run.version === 'cm3') {
      const collector = this.monitor.collectors.addRTCPeerConnection(pc, label);
      rec.collector = collector;
      rec.peerConnectionId = collector.id; // 3.11.1 generates a UUID v4 per added PC
    } else {
      const before = new Set(this.monitor.peerConnections.map((m) => m.peerConnectionId));
      this.monitor.addSource(pc);
      const added = this.monitor.peerConnections.find((m) => !before.has(m.peerConnectionId));
      rec.peerConnectionId = added?.peerConnectionId ?? null; // 4.0.3: crypto.randomUUID()
    }
    this.pcs.push(rec);
    this.run.action(this, 'pc-open', { peerConnectionId: rec.peerConnectionId, remote: remote.name });
    return rec;
  }

  pcTo(remote) {
    return this.pcs.find((r) => r.remote === remote && r.closedAt === null);
  }

  // Close one peer connection, explicitly (tell the library) or not (just pc.close()).
  closePc(rec, explicit = this.explicit) {
    if (rec.closedAt !== null) return;
    rec.closedAt = now();
    if (explicit) {
      if (this.run.version === 'cm3') {
        rec.collector.close(); // emits PEER_CONNECTION_CLOSED customCallEvent, stops collecting
        rec.closeSignal = 'collector.close() (library adds PEER_CONNECTION_CLOSED), then pc.close()';
      } else {
        this.monitor.removeSource(rec.pc);
        rec.closeSignal = 'monitor.removeSource(pc), then pc.close()';
      }
    } else {
      rec.closeSignal = 'pc.close() only; the monitor is not told';
    }
    rec.closeExplicit = explicit;
    rec.pc.close();
    for (const t of rec.tracks) {
      if (t.removedAt === null) {
        t.removedAt = rec.closedAt;
        t.removedHow = 'peer connection closed';
      }
    }
    this.run.action(this, 'pc-close', { peerConnectionId: rec.peerConnectionId, remote: rec.remote.name, explicit });
  }

  // --- leaving ---------------------------------------------------------------------------------
  // explicit: PCs closed the library way, CLIENT_LEFT signalled, monitor closed at once.
  // implicit: pc.close() only, the monitor keeps sampling for lingerMs, then it is closed with
  //           no CLIENT_LEFT (cm4: addClientLeftEventOnClose false; cm3: the close() sample is
  //           not shipped), so the samples just stop.
  async leave({ explicit = this.explicit, lingerMs = 3000 } = {}) {
    const session = this.session;
    session.leftAt = now();
    session.leaveExplicit = explicit;
    this.run.action(this, 'leave', { session: session.index, explicit });
    for (const rec of this.pcs) this.closePc(rec, explicit);
    if (explicit) {
      if (this.run.version === 'cm3') {
        // README way: monitor.leave(). In 3.11.1 leave() returns early unless it already left
        // (`if (!this._left) return;`), so it adds nothing; the app adds the event itself.
        this.monitor.leave({ timestamp: session.leftAt });
        this.monitor.addCustomCallEvent({ name: 'CLIENT_LEFT', message: 'Client left', timestamp: session.leftAt });
        session.shipLastSampleOnClose = true;
        session.leaveSignal = 'monitor.leave() (a no-op in 3.11.1) + addCustomCallEvent({name: "CLIENT_LEFT"}); monitor.close(); the close() sample (from the "close" event) is shipped';
      } else {
        this.monitor.config.addClientLeftEventOnClose = true;
        session.leaveSignal = 'monitor.close() with addClientLeftEventOnClose: true (library adds CLIENT_LEFT to the final sample)';
      }
      this.monitor.close();
      session.monitorClosedAt = now();
    } else {
      session.leaveSignal = this.run.version === 'cm3'
        ? `pc.close() only; monitor kept sampling ${lingerMs} ms, then monitor.close() and its last sample not shipped`
        : `pc.close() only; monitor kept sampling ${lingerMs} ms, then monitor.close() (addClientLeftEventOnClose: false; its final sample is shipped and has no CLIENT_LEFT)`;
      await sleep(lingerMs);
      if (this.run.version === 'cm4') this.monitor.config.addClientLeftEventOnClose = false;
      this.monitor.close();
      session.monitorClosedAt = now();
    }
  }

  stopMedia() {
    for (const t of this.localTracks) t.stop();
  }

  truth() {
    return {
      name: this.name,
      clientId: this.clientId,
      userId: this.userId,
      roomId: this.run.roomId,
      callId: this.run.callId ?? null,
      mediaUnitId: this.name,
      samplesWritten: this.samplesWritten,
      sessions: this.sessions.map((s) => ({
        index: s.index,
        clientId: s.clientId,
        joinedAt: s.joinedAt,
        explicitJoin: s.explicitJoin,
        joinSignal: s.joinSignal,
        leftAt: s.leftAt,
        leaveExplicit: s.leaveExplicit,
        leaveSignal: s.leaveSignal,
        monitorClosedAt: s.monitorClosedAt,
        samplesShipped: s.samplesShipped,
        firstSampleTimestamp: s.firstSampleAt ?? null,
        lastSampleTimestamp: s.lastSampleAt ?? null,
      })),
      localTracks: this.localTracks.map((t) => ({ trackId: t.track.id, kind: t.kind, purpose: t.purpose, label: t.track.label })),
      peerConnections: this.pcs.map((r) => r.truth()),
    };
  }
}

// ---------------------------------------------------------------------------------------------
// One RTCPeerConnection as the page knows it
// ---------------------------------------------------------------------------------------------
export class PcRecord {
  constructor(owner, remote, pc, label) {
    this.owner = owner;
    this.remote = remote;
    this.pc = pc;
    this.label = label ?? null;
    this.session = owner.session.index;
    this.openedAt = now();
    this.closedAt = null;
    this.closeExplicit = null;
    this.closeSignal = null;
    this.peer = undefined; // the PcRecord on the other end
    this.tracks = []; // TrackRecord
    this.dataChannels = [];
    this.connectedAt = null;
    pc.addEventListener('connectionstatechange', () => {
      if (pc.connectionState === 'connected' && this.connectedAt === null) this.connectedAt = now();
    });
  }

  addLocalTrack(local, stream) {
    const sender = this.pc.addTrack(local.track, stream ?? this.owner.stream);
    const t = {
      trackId: local.track.id,
      kind: local.kind,
      purpose: local.purpose,
      direction: 'outbound',
      mid: null,
      ssrc: null,
      rtxSsrc: null,
      addedAt: now(),
      removedAt: null,
      removedHow: null,
      sender,
      remote: null,
    };
    this.tracks.push(t);
    return t;
  }

  // after a negotiation: pair this side's outbound tracks with the peer's receivers by mid
  pairWithPeer() {
    const peer = this.peer;
    for (const tr of this.pc.getTransceivers()) {
      const out = this.tracks.find((t) => t.direction === 'outbound' && t.sender === tr.sender && t.removedAt === null);
      if (!out || tr.mid === null) continue;
      out.mid = tr.mid;
      const peerTr = peer.pc.getTransceivers().find((x) => x.mid === tr.mid);
      if (!peerTr) continue;
      let inb = peer.tracks.find((t) => t.direction === 'inbound' && t.mid === tr.mid && t.removedAt === null);
      if (!inb) {
        inb = {
          trackId: peerTr.receiver.track.id,
          kind: peerTr.receiver.track.kind,
          purpose: out.purpose,
          direction: 'inbound',
          mid: tr.mid,
          ssrc: null,
          rtxSsrc: null,
          addedAt: now(),
          removedAt: null,
          removedHow: null,
          receiver: peerTr.receiver,
          remote: null,
        };
        peer.tracks.push(inb);
        playRemoteTrack(peerTr.receiver.track);
      }
      inb.remote = { participant: this.owner.name, clientId: this.owner.clientId, peerConnectionId: this.peerConnectionId, trackId: out.trackId };
      out.remote = { participant: peer.owner.name, clientId: peer.owner.clientId, peerConnectionId: peer.peerConnectionId, trackId: inb.trackId };
    }
  }

  // read the SSRCs from getStats and pair them by mid
  async refreshSsrcs() {
    const report = await this.pc.getStats();
    const mediaSources = new Map();
    report.forEach((s) => { if (s.type === 'media-source') mediaSources.set(s.id, s); });
    report.forEach((s) => {
      if (s.type === 'outbound-rtp') {
        const src = mediaSources.get(s.mediaSourceId);
        const t = this.tracks.find((x) => x.direction === 'outbound' && x.removedAt === null
          && ((src && src.trackIdentifier === x.trackId) || (s.mid !== undefined && s.mid === x.mid)));
        if (t && t.ssrc === null) { t.ssrc = s.ssrc; t.rtxSsrc = s.rtxSsrc ?? null; }
      } else if (s.type === 'inbound-rtp') {
        const t = this.tracks.find((x) => x.direction === 'inbound' && x.removedAt === null
          && (s.trackIdentifier === x.trackId || (s.mid !== undefined && s.mid === x.mid)));
        if (t && t.ssrc === null) { t.ssrc = s.ssrc; t.rtxSsrc = s.rtxSsrc ?? null; }
      }
    });
    // copy the sender's SSRC onto the matched inbound track and back
    for (const t of this.tracks) {
      if (!t.remote) continue;
      const other = this.peer?.tracks.find((x) => x.trackId === t.remote.trackId && x.mid === t.mid);
      if (other) t.remote.ssrc = other.ssrc;
    }
  }

  truth() {
    return {
      peerConnectionId: this.peerConnectionId,
      label: this.label,
      session: this.session,
      remoteParticipant: this.remote.name,
      remoteClientId: this.remote.clientId,
      remotePeerConnectionId: this.peer?.peerConnectionId ?? null,
      openedAt: this.openedAt,
      connectedAt: this.connectedAt,
      closedAt: this.closedAt,
      closeExplicit: this.closeExplicit,
      closeSignal: this.closeSignal,
      dataChannels: this.dataChannels,
      tracks: this.tracks.map((t) => ({
        trackId: t.trackId,
        kind: t.kind,
        purpose: t.purpose,
        direction: t.direction,
        mid: t.mid,
        ssrc: t.ssrc,
        rtxSsrc: t.rtxSsrc,
        addedAt: t.addedAt,
        removedAt: t.removedAt,
        removedHow: t.removedHow,
        remote: t.remote,
      })),
    };
  }
}

// ---------------------------------------------------------------------------------------------
// Call plumbing: connect two participants, renegotiate
// ---------------------------------------------------------------------------------------------
function isLoopback(candidate) {
  const addr = candidate.address ?? '';
  return addr === '127.0.0.1' || addr === '::1';
}

export async function negotiate(a, b) {
  const offer = await a.pc.createOffer();
  await a.pc.setLocalDescription(offer);
  await b.pc.setRemoteDescription(offer);
  const answer = await b.pc.createAnswer();
  await b.pc.setLocalDescription(answer);
  await a.pc.setRemoteDescription(answer);
  a.pairWithPeer();
  b.pairWithPeer();
}

// Opens a peer connection between two participants, with their local tracks (and optionally a
// data channel from a to b). Returns [pcOfA, pcOfB] once ICE is connected.
export async function connect(a, b, { tracks = true, dataChannel = false } = {}) {
  const ra = a.createPc(b, `${a.name}->${b.name}`);
  const rb = b.createPc(a, `${b.name}->${a.name}`);
  ra.peer = rb;
  rb.peer = ra;
  for (const [from, to] of [[ra, rb], [rb, ra]]) {
    from.pc.addEventListener('icecandidate', (e) => {
      if (!e.candidate || !e.candidate.candidate) return;
      if (!isLoopback(e.candidate)) return; // traffic stays on loopback
      to.pc.addIceCandidate(e.candidate).catch(() => {});
    });
  }
  if (tracks) {
    for (const t of a.localTracks) ra.addLocalTrack(t);
    for (const t of b.localTracks) rb.addLocalTrack(t);
  }
  let dc;
  let remoteDc;
  if (dataChannel) {
    dc = ra.pc.createDataChannel('chat');
    ra.dataChannels.push({ label: 'chat', createdBy: a.name, createdAt: now() });
    remoteDc = withTimeout(new Promise((resolve) => {
      rb.pc.addEventListener('datachannel', (e) => {
        rb.dataChannels.push({ label: e.channel.label, createdBy: a.name, createdAt: now() });
        resolve(e.channel);
      });
    }), 15000, 'remote data channel');
  }
  await negotiate(ra, rb);
  await withTimeout(new Promise((resolve, reject) => {
    const check = () => {
      if (ra.pc.connectionState === 'connected' && rb.pc.connectionState === 'connected') resolve();
      else if (ra.pc.connectionState === 'failed' || rb.pc.connectionState === 'failed') reject(new Error('ICE failed'));
    };
    ra.pc.addEventListener('connectionstatechange', check);
    rb.pc.addEventListener('connectionstatechange', check);
    check();
  }), 15000, `connect ${a.name}<->${b.name}`);
  a.run.action(a, 'connected', { remote: b.name, peerConnectionId: ra.peerConnectionId, remotePeerConnectionId: rb.peerConnectionId });
  return { ra, rb, dc, remoteDc };
}

// ---------------------------------------------------------------------------------------------
// Entry point called by record.js
// ---------------------------------------------------------------------------------------------
async function run(name, version) {
  const scenario = SCENARIOS[name];
  if (!scenario) throw new Error(`unknown scenario ${name}`);
  const r = new Run({ name, ...scenario }, version);
  const ssrcTimer = setInterval(() => { r.refreshAllSsrcs(); }, 1000);
  try {
    await scenario.run(r);
  } finally {
    clearInterval(ssrcTimer);
    r.endedAt = now();
    r.stopped = true;
    for (const p of r.participants) {
      for (const rec of p.pcs) if (rec.closedAt === null) p.closePc(rec);
      if (p.monitor && !p.monitor.closed) p.monitor.close();
      p.stopMedia();
    }
  }
  return { lines: r.lines, truth: r.truth(), description: scenario.description };
}

window.recorder = { run, scenarios: Object.keys(SCENARIOS) };
