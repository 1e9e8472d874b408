// The report page's inline CSS and JavaScript (internal to src/report/).
#pragma once

namespace tinyc::report {

inline constexpr const char* kStyle = R"css(
body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #1d2330; background: #fff; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; }
.sub { color: #5a6375; margin: 0 0 16px; }
table { border-collapse: collapse; }
th, td { padding: 3px 10px; border-bottom: 1px solid #e2e5eb; text-align: left; vertical-align: top; }
th { background: #f3f5f8; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
table.facts th { background: none; font-weight: 600; color: #4a5366; }
tr.low td.sqnr { color: #b3261e; font-weight: 600; }
code { font-size: 13px; }
#memory { border: 1px solid #e2e5eb; background: #fcfcfd; max-width: 100%; height: auto; }
#memory .frame { fill: #fff; stroke: #9aa3b5; }
#memory .buf { stroke: #33415c; stroke-width: 0.6; }
#memory .buf:hover { stroke: #000; stroke-width: 2; }
#memory .peak { fill: #ffd54f; opacity: 0.35; }
#memory .peak-edge { fill: none; stroke: #c58a00; stroke-width: 2.5; pointer-events: none; }
#memory .peak-label { font-size: 12px; fill: #8a6100; font-weight: 600; }
#memory .bound { stroke: #b3261e; stroke-dasharray: 6 4; stroke-width: 1.5; }
#memory .axis { font-size: 11px; fill: #4a5366; }
#tip { position: absolute; background: #1d2330; color: #fff; padding: 4px 8px; border-radius: 4px;
       font-size: 12px; pointer-events: none; white-space: pre; }
)css";

/// Runs before anything else: any script error is recorded on <html> so a
/// headless browser's DOM dump shows it.
inline constexpr const char* kErrorHook =
    "window.addEventListener('error', function (e) {"
    " document.documentElement.setAttribute('data-report-error', String(e.message)); });";

/// The memory picture's tooltip; marks <body data-report-ready="1"> when done.
inline constexpr const char* kScript = R"js(
(function () {
  var tip = document.getElementById('tip');
  var rects = document.querySelectorAll('#memory rect.buf');
  function show(e) {
    var r = e.currentTarget;
    tip.textContent = r.getAttribute('data-name') + '\n' + r.getAttribute('data-size') + ' at ' +
        r.getAttribute('data-offset') + '\n' + r.getAttribute('data-life');
    tip.style.left = (e.pageX + 14) + 'px';
    tip.style.top = (e.pageY + 14) + 'px';
    tip.hidden = false;
  }
  for (var i = 0; i < rects.length; i++) {
    rects[i].addEventListener('mousemove', show);
    rects[i].addEventListener('mouseleave', function () { tip.hidden = true; });
  }
  document.body.setAttribute('data-report-ready', String(rects.length));
})();
)js";

}  // namespace tinyc::report
