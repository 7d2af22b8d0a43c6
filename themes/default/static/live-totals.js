// Refreshes a campaign's figures from its public totals source, and tells updated-ago.js (on
// pages saying "Updated … ago") when they are as of. The page is complete without it; if the
// fetch fails, the figures from the build stay as they are.
(function () {
  var box = document.querySelector("[data-live-totals]");
  if (!box || !window.fetch || !window.AbortController) return;
  var d = box.dataset, lang = document.documentElement.lang, stop = new AbortController();
  setTimeout(function () { stop.abort(); }, 8000);
  fetch(d.liveTotals, { cache: "no-store", credentials: "omit", signal: stop.signal })
    .then(function (r) { if (!r.ok) throw Error(r.status); return r.json(); })
    .then(function (t) {
      var oc = d.liveFormat === "open_collective";
      var raised = oc ? t.balance / 100 : parseFloat(t.raised), backers = oc ? t.backersCount : t.backers;
      if (!(raised >= 0) || t.currency !== d.currency) throw Error("unusable totals");
      var percent = Math.floor(raised * 100 / parseFloat(d.goal)), bar = box.querySelector("[role=progressbar]");
      var money = { style: "currency", currency: d.currency };
      if (raised % 1 === 0) money.maximumFractionDigits = 0;
      var show = function (name, text) {
        box.querySelectorAll("[data-live=" + name + "]").forEach(function (n) { n.textContent = text; });
      };
      show("raised", new Intl.NumberFormat(lang, money).format(raised));
      var shown = new Intl.NumberFormat(lang, { style: "percent" }).format(percent / 100);
      show("percent", shown);
      if (backers >= 0) show("backers", new Intl.NumberFormat(lang).format(backers));
      if (!box.querySelector("[data-ago]")) show("updated", d.liveUpdated);
      bar.setAttribute("aria-valuenow", Math.min(percent, 100));
      bar.setAttribute("aria-valuetext", d.liveProgress.replace("%s", shown));
      bar.firstElementChild.style.width = Math.min(percent, 100) + "%";
      box.setAttribute("data-live-state", "updated");
      document.dispatchEvent(new CustomEvent("pledgekit:totals", { detail: t }));
    })
    .catch(function () { box.setAttribute("data-live-state", "unavailable"); });
})();
