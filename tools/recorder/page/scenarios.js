// The scenarios. Each one drives participants in the page; times are page-clock sleeps.
// explicit = the app tells the library about endings the README way (see main.js leave()).
import { sleep, connect, negotiate, makeVideoTrack } from './main.js';

const now = () => Date.now();

// The others close their peer connections to `leaver` (the app's signalling said "bye").
function othersHangUp(run, leaver, explicit) {
  for (const p of run.participants) {
    if (p === leaver) continue;
    const rec = p.pcTo(leaver);
    if (rec) p.closePc(rec, explicit ?? p.explicit);
  }
}

export const SCENARIOS = {
  'p2p-1to1': {
    description: 'A and B, audio+video each way on one PC pair; both stay ~10 s; A leaves explicitly, '
      + 'B hangs up its PC to A 1 s later (explicit) and leaves explicitly.',
    async run(r) {
      const a = r.participant('alice', { explicit: true }).join();
      const b = r.participant('bob', { explicit: true }).join();
      await connect(a, b);
      await sleep(10000);
      await a.leave();
      await sleep(1000);
      othersHangUp(r, a);
      await b.leave();
      await sleep(1500);
    },
  },

  'mesh-3-late-joiner-leaves-first': {
    description: 'A and B call (audio+video); C joins after ~6 s with a PC to each of them; C leaves '
      + 'implicitly after ~8 s (pc.close() only, its monitor keeps sampling 4 s, then stops without '
      + 'CLIENT_LEFT); A and B close their PCs to C 1 s after C closed them (pc.close() only); then A '
      + 'leaves explicitly and B leaves explicitly 1 s later.',
    async run(r) {
      const a = r.participant('alice', { explicit: true }).join();
      const b = r.participant('bob', { explicit: true }).join();
      await connect(a, b);
      await sleep(6000);
      const c = r.participant('carol', { explicit: false }).join();
      await connect(c, a);
      await connect(c, b);
      await sleep(8000);
      const leaving = c.leave({ explicit: false, lingerMs: 4000 });
      await sleep(1000);
      othersHangUp(r, c, false);
      await leaving;
      await sleep(4000);
      await a.leave();
      await sleep(1000);
      await b.leave();
      await sleep(1500);
    },
  },

  screenshare: {
    description: 'A and B (audio+video); after ~5 s A adds a second video track (another canvas, '
      + '"screen") to its PC with addTrack + renegotiation; ~8 s later A removes it with '
      + 'pc.removeTrack(sender) + renegotiation and stops the track; ~6 s later both leave explicitly.',
    async run(r) {
      const a = r.participant('alice', { explicit: true }).join();
      const b = r.participant('bob', { explicit: true }).join();
      const { ra, rb } = await connect(a, b);
      await sleep(5000);
      const screen = makeVideoTrack('screen', '#222');
      const screenLocal = { purpose: 'screen', kind: 'video', ...screen };
      a.localTracks.push(screenLocal);
      const screenStream = new MediaStream([screen.track]);
      const out = ra.addLocalTrack(screenLocal, screenStream);
      r.action(a, 'screenshare-start', { trackId: screen.track.id, peerConnectionId: ra.peerConnectionId });
      await negotiate(ra, rb);
      await sleep(8000);
      const removedAt = now();
      ra.pc.removeTrack(out.sender);
      out.removedAt = removedAt;
      out.removedHow = 'pc.removeTrack(sender) + renegotiation, then track.stop()';
      await negotiate(ra, rb);
      screen.stop();
      const inb = rb.tracks.find((t) => t.direction === 'inbound' && t.mid === out.mid);
      if (inb) {
        inb.removedAt = now();
        inb.removedHow = 'remote sender removed (renegotiated); the receiver track is muted by the browser, not ended';
      }
      r.action(a, 'screenshare-stop', { trackId: screen.track.id, peerConnectionId: ra.peerConnectionId });
      await sleep(6000);
      await a.leave();
      await sleep(1000);
      othersHangUp(r, a);
      await b.leave();
      await sleep(1500);
    },
  },

  rejoin: {
    description: 'A and B (audio+video; both join without an explicit join event in cm4); after ~7 s B leaves explicitly (closes its PC, CLIENT_LEFT); '
      + 'A closes its PC to B 1 s later; ~4 s later B rejoins with the SAME clientId, a new monitor '
      + 'instance and new PCs (A creates a new PC to B too); ~8 s later both leave implicitly '
      + '(pc.close() only, monitors linger 3 s, no CLIENT_LEFT).',
    async run(r) {
      const a = r.participant('alice', { explicit: false }).join();
      const b = r.participant('bob', { explicit: false }).join();
      await connect(a, b);
      await sleep(7000);
      await b.leave({ explicit: true });
      await sleep(1000);
      othersHangUp(r, b, false);
      await sleep(4000);
      b.join({ explicit: true });
      await connect(b, a);
      await sleep(8000);
      const la = a.leave({ explicit: false, lingerMs: 3000 });
      await sleep(1000);
      await b.leave({ explicit: false, lingerMs: 3000 });
      await la;
      await sleep(1000);
    },
  },

  'mute-unmute': {
    description: 'A and B (audio+video); after ~5 s A sets enabled=false on its audio and video tracks, '
      + '~5 s later enabled=true again; ~5 s later both leave implicitly (pc.close() only, monitors '
      + 'linger 3 s, no CLIENT_LEFT).',
    async run(r) {
      const a = r.participant('alice', { explicit: false }).join();
      const b = r.participant('bob', { explicit: false }).join();
      await connect(a, b);
      await sleep(5000);
      for (const t of a.localTracks) {
        t.track.enabled = false;
        r.action(a, 'track-disabled', { trackId: t.track.id, kind: t.kind });
      }
      await sleep(5000);
      for (const t of a.localTracks) {
        t.track.enabled = true;
        r.action(a, 'track-enabled', { trackId: t.track.id, kind: t.kind });
      }
      await sleep(5000);
      const la = a.leave({ lingerMs: 3000 });
      await sleep(1000);
      await b.leave({ lingerMs: 3000 });
      await la;
      await sleep(1000);
    },
  },

  datachannel: {
    description: 'A and B with no media: one PC pair with a data channel "chat" created by A; both '
      + 'send a message every 250 ms for ~8 s; A closes the channel; ~3 s later A leaves explicitly '
      + 'and B leaves implicitly (pc.close() only, monitor lingers 3 s, no CLIENT_LEFT).',
    async run(r) {
      const media = { audio: false, video: false };
      const a = r.participant('alice', { explicit: true, media }).join();
      const b = r.participant('bob', { explicit: false, media }).join();
      const { ra, rb, dc, remoteDc } = await connect(a, b, { tracks: false, dataChannel: true });
      const dcb = await remoteDc;
      if (dc.readyState !== 'open') await new Promise((res) => dc.addEventListener('open', res, { once: true }));
      const counts = { aSent: 0, bSent: 0, aReceived: 0, bReceived: 0 };
      dc.onmessage = () => counts.aReceived++;
      dcb.onmessage = () => counts.bReceived++;
      ra.dataChannels[0].id = dc.id;
      ra.dataChannels[0].openedAt = now();
      rb.dataChannels[0].id = dcb.id;
      rb.dataChannels[0].openedAt = now();
      const timer = setInterval(() => {
        if (dc.readyState === 'open') { dc.send(`a->b ${counts.aSent++}`); }
        if (dcb.readyState === 'open') { dcb.send(`b->a ${counts.bSent++}`); }
      }, 250);
      await sleep(8000);
      clearInterval(timer);
      dc.close();
      ra.dataChannels[0].closedAt = now();
      rb.dataChannels[0].closedAt = now();
      r.action(a, 'datachannel-close', { label: 'chat', id: dc.id, ...counts });
      ra.dataChannels[0].messages = { sent: counts.aSent, received: counts.aReceived };
      rb.dataChannels[0].messages = { sent: counts.bSent, received: counts.bReceived };
      await sleep(3000);
      await a.leave({ explicit: true });
      await sleep(1000);
      await b.leave({ explicit: false, lingerMs: 3000 });
      await sleep(1000);
    },
  },

  'client-call-id': {
    description: 'A and B (audio+video), the application provides the callId (a UUID) for both '
      + '(cm3: written into every sample; cm4: ClientMonitor config callId); ~9 s, then A leaves '
      + 'explicitly and B leaves explicitly 1 s later.',
    async run(r) {
      r.callId = crypto.randomUUID();
      const a = r.participant('alice', { explicit: true }).join();
      const b = r.participant('bob', { explicit: true }).join();
      await connect(a, b);
      await sleep(9000);
      await a.leave();
      await sleep(1000);
      othersHangUp(r, a);
      await b.leave();
      await sleep(1500);
    },
  },
};
