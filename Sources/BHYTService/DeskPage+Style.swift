extension DeskPage {
    /// The page's look: large verdict colours (green, red, amber) that read from across a desk,
    /// laid out for 1366×768 and for a phone.
    static let style = #"""
*{box-sizing:border-box}
#outage{background:#fff7ed;border-bottom:3px solid #ea580c;color:#7c2d12;padding:.35rem 1rem;font-weight:600}
#outage.severe{background:#fef2f2;border-color:#b91c1c;color:#7f1d1d}
#outage p{margin:.1rem 0}
main.report{display:block;max-width:60rem;margin:0 auto;overflow:auto}
#back,#report-link{color:#fff}
#pick{display:flex;gap:.5rem;align-items:center;margin-bottom:.5rem}
#pick input,#pick button{font:inherit;padding:.3rem .6rem}
#total{font-size:1.4rem;font-weight:700;margin:.25rem 0}
#chart{display:block;max-width:100%;height:auto;background:#fff;border:1px solid #d0d5dd;border-radius:.5rem}
.tables{display:flex;flex-wrap:wrap;gap:1rem;margin-top:.75rem}
.tables table{border-collapse:collapse;background:#fff;min-width:14rem}
.tables caption{text-align:left;font-weight:700;padding:.25rem 0}
.tables td{border-top:1px solid #e5e7eb;padding:.25rem .5rem}
.tables td.n{text-align:right;font-variant-numeric:tabular-nums}
html,body{margin:0;height:100%}
body{font:16px/1.4 system-ui,"Segoe UI",Roboto,Arial,sans-serif;color:#1b1f24;background:#f3f4f6;display:flex;flex-direction:column}
header{display:flex;flex-wrap:wrap;align-items:center;gap:.25rem 1rem;padding:.5rem 1rem;background:#12344d;color:#fff}
header h1{font-size:1.25rem;margin:0;flex:1}
#counts{font-size:1rem}
#counts span{white-space:nowrap}
#counts b{margin-left:.2em}
.c-valid{color:#7ee2a0}.c-invalid{color:#ff9b9b}.c-unverified{color:#ffd36b}
#lang{font:inherit;font-weight:700;padding:.25rem .75rem;border:1px solid #fff;border-radius:.4rem;background:transparent;color:#fff;cursor:pointer}
main{flex:1;display:grid;grid-template-columns:minmax(0,1fr) 18rem;grid-template-rows:auto 1fr;gap:.75rem;padding:.75rem 1rem;min-height:0}
#scan{grid-column:1/3}
#scan label{display:block;font-size:.95rem;color:#444;margin-bottom:.25rem}
#qr{width:100%;font:1.25rem ui-monospace,Consolas,monospace;padding:.6rem .75rem;border:3px solid #12344d;border-radius:.5rem;background:#fff}
#qr:focus{outline:3px solid #4c9be8;outline-offset:1px}
#verdict{border-radius:.75rem;padding:1rem 1.25rem;background:#fff;border:6px solid #c9ced6;overflow:auto;min-height:0}
#status{font-size:2.75rem;font-weight:800;letter-spacing:.02em;line-height:1.1;margin-bottom:.4rem}
#verdict.idle #status{font-size:1.6rem;color:#6b7280;font-weight:600}
#verdict.valid{border-color:#15803d;background:#ecfdf3}#verdict.valid #status{color:#15803d}
#verdict.invalid{border-color:#b91c1c;background:#fef2f2}#verdict.invalid #status{color:#b91c1c}
#verdict.unverified{border-color:#b45309;background:#fffbeb}#verdict.unverified #status{color:#92400e}
#verdict.unreadable{border-color:#ea580c;border-style:dashed;background:#fff7ed}#verdict.unreadable #status{color:#c2410c;font-size:2rem}
#reasons li.retry{color:#9a3412;font-weight:600;border-left-color:#ea580c}
#verdict.unreadable #reasons li{border-left-color:#ea580c}
#verdict.busy #status{color:#6b7280}
#holder{display:grid;grid-template-columns:max-content minmax(0,1fr) max-content minmax(0,1fr);gap:.25rem 1rem;margin:.5rem 0;font-size:1.2rem}
#holder dt{color:#555}
#holder dd{margin:0;font-weight:600;overflow-wrap:anywhere}
#holder dd.name{font-size:1.6rem;font-weight:800;text-transform:uppercase;grid-column:2/5}
#holder dd.guardian{font-weight:800;grid-column:2/5}
#holder dd.identity{font-weight:800;grid-column:2/5}
#holder dd.identity.holder,#holder dd.identity.guardian{color:#15803d}
#holder dd.identity.mismatch{color:#b91c1c;font-size:1.4rem}
#reasons li.repeat{color:#12344d;font-weight:800;border-left-color:#12344d;background:#e0ecf7}
#token-dialog{border:3px solid #12344d;border-radius:.75rem;padding:1rem 1.25rem;max-width:26rem}
#token-dialog h2{margin:.2rem 0 .5rem;font-size:1.25rem}
#token-input{width:100%;font:1.2rem ui-monospace,Consolas,monospace;padding:.5rem;border:2px solid #12344d;border-radius:.4rem}
#token-note{color:#b91c1c;font-weight:700;min-height:1.2em}
#token-ok{font:inherit;font-weight:700;padding:.4rem 1rem;border-radius:.4rem;border:0;background:#12344d;color:#fff}
#reasons li.next{color:#12344d;font-weight:700;border-left-color:#12344d}
#reasons{margin:.25rem 0 .5rem;padding:0;list-style:none;font-size:1.1rem}
#reasons li{padding:.35rem .5rem;border-left:5px solid #b91c1c;margin:.3rem 0;background:rgba(255,255,255,.7)}
#reasons li.warning{border-left-color:#d97706}
#reasons code{font-size:.8rem;color:#555;margin-left:.4rem}
#ime{margin:.5rem 0;padding:.6rem .75rem;border-radius:.5rem;background:#fde68a;color:#78350f;font-weight:700;font-size:1.1rem}
#photo{display:flex;flex-direction:column;gap:.5rem;min-height:0}
#drop{position:relative;display:flex;flex-direction:column;gap:.5rem;justify-content:center;align-items:center;text-align:center;padding:1rem;border:3px dashed #9aa4b2;border-radius:.75rem;background:#fff;color:#444;cursor:pointer;min-height:9rem}
#drop.over{border-color:#4c9be8;background:#eef6ff}
#drop input{position:absolute;width:1px;height:1px;opacity:0;overflow:hidden}
#drop .pick{display:inline-block;padding:.4rem .9rem;border-radius:.4rem;background:#12344d;color:#fff;font-weight:600}
#drop:focus-within{outline:3px solid #4c9be8}
#camera{font:inherit;padding:.6rem;border-radius:.5rem;border:1px solid #12344d;background:#fff;cursor:pointer}
#video{width:100%;border-radius:.5rem;background:#000}
footer{padding:.3rem 1rem;font-size:.85rem;color:#555}
@media (max-width:760px){
  main{grid-template-columns:1fr;grid-template-rows:auto auto auto;padding:.5rem}
  #scan{grid-column:1}
  #status{font-size:2.2rem}
  #holder{font-size:1rem;grid-template-columns:max-content minmax(0,1fr)}
  #holder dd.name,#holder dd.guardian{grid-column:2}
  #holder dd.name{font-size:1.25rem}
  #drop{min-height:5rem}
  header h1{font-size:1rem}
  #counts{font-size:.85rem;order:3;width:100%}
  #qr{font-size:1rem}
}
"""#
}
