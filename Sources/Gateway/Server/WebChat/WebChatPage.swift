/// The web chat page: plain HTML and a little JavaScript, no external assets.
enum WebChatPage {
    static let html = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Chat</title>
        <style>
          body { font: 16px/1.4 system-ui, sans-serif; margin: 0; display: flex; flex-direction: column; height: 100vh; }
          #log { flex: 1; overflow-y: auto; padding: 1rem; }
          .in, .out { max-width: 70%; margin: .3rem 0; padding: .5rem .8rem; border-radius: 1rem; white-space: pre-wrap; }
          .in { margin-left: auto; background: #2b6cb0; color: white; }
          .out { background: #edf2f7; }
          form { display: flex; gap: .5rem; padding: .8rem; border-top: 1px solid #ddd; }
          input { flex: 1; font: inherit; padding: .5rem; }
          #status { font-size: .8rem; color: #718096; padding: 0 1rem; }
        </style>
        </head>
        <body>
        <div id="log" aria-live="polite"></div>
        <div id="status">connecting…</div>
        <form id="form"><input id="text" autocomplete="off" placeholder="Write a message" maxlength="4096"><button>Send</button></form>
        <script>
        const log = document.getElementById('log'), status = document.getElementById('status');
        function show(direction, text) {
          const div = document.createElement('div'); div.className = direction; div.textContent = text;
          log.appendChild(div); log.scrollTop = log.scrollHeight;
        }
        let socket;
        function connect() {
          socket = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/chat/ws');
          socket.onopen = () => { status.textContent = 'connected'; };
          socket.onclose = () => { status.textContent = 'reconnecting…'; setTimeout(connect, 2000); };
          socket.onmessage = (event) => {
            const frame = JSON.parse(event.data);
            if (frame.type === 'history') { log.textContent = ''; frame.messages.forEach(m => show(m.direction, m.text)); }
            else if (frame.type === 'reply') { show('out', frame.text); }
            else if (frame.type === 'error') { status.textContent = frame.message; }
          };
        }
        document.getElementById('form').onsubmit = (event) => {
          event.preventDefault();
          const input = document.getElementById('text'), text = input.value.trim();
          if (!text || socket.readyState !== WebSocket.OPEN) return;
          socket.send(JSON.stringify({ text, id: crypto.randomUUID() })); show('in', text); input.value = '';
        };
        connect();
        </script>
        </body>
        </html>
        """
}
