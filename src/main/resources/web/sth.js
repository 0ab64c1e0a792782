// Refreshes the page's content in place every few seconds (the server renders it; without script the page is static).
(function () {
  var live = document.getElementById('live');
  var every = 3000;
  function refresh() {
    var active = document.activeElement;
    if (active && active.tagName === 'INPUT') { return schedule(); }
    fetch(location.href, { headers: { 'Accept': 'text/html' }, cache: 'no-store' })
      .then(function (r) { if (!r.ok) { throw new Error('HTTP ' + r.status); } return r.text(); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, 'text/html');
        var fresh = doc.getElementById('content');
        var here = document.getElementById('content');
        if (fresh && here) { here.innerHTML = fresh.innerHTML; }
        if (live) { live.textContent = 'live, updated ' + new Date().toLocaleTimeString(); live.classList.remove('stale'); }
      })
      .catch(function (e) { if (live) { live.textContent = 'not updating: ' + e.message; live.classList.add('stale'); } })
      .then(schedule);
  }
  function schedule() { setTimeout(refresh, every); }
  if (live) { live.textContent = 'live'; }
  schedule();
})();
