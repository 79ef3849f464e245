// Progressive enhancement only: the pages read fully without this file.
// Announces a refreshed region in the polite live region, and keeps countdowns current.
(function () {
  'use strict';
  function announce(region) {
    var status = document.getElementById('live-status');
    var label = region && region.getAttribute('data-live-label');
    if (!status || !label) return;
    status.textContent = (status.getAttribute('data-template') || '{what}').replace('{what}', label);
  }

  // The server's clock may be a manual one (a demo replaying 2020): count from its time, not the browser's.
  var served = Date.parse(document.documentElement.getAttribute('data-now'));
  var skew = isNaN(served) ? 0 : served - Date.now();

  var units = [['year', 31536e6], ['month', 2592e6], ['day', 864e5], ['hour', 36e5], ['minute', 6e4]];
  function refreshCountdowns() {
    var lang = document.documentElement.lang === 'ar' ? 'ar-u-nu-arab' : document.documentElement.lang;
    var format = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' });
    document.querySelectorAll('.countdown[data-due]').forEach(function (el) {
      var ms = Date.parse(el.getAttribute('data-due')) - (Date.now() + skew);
      if (isNaN(ms)) return;
      for (var i = 0; i < units.length; i += 1) {
        if (Math.abs(ms) >= units[i][1] || i === units.length - 1) {
          el.textContent = format.format(Math.trunc(ms / units[i][1]), units[i][0]);
          return;
        }
      }
    });
  }

  // htmx:load is fired on the content a swap brought in (the old region is detached by then).
  document.addEventListener('htmx:load', function (event) {
    var region = event.detail && event.detail.elt;
    if (region && region.hasAttribute && region.hasAttribute('data-live-label')) announce(region);
  });
  setInterval(refreshCountdowns, 60000);
})();
