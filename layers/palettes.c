/* ColorBrewer palettes by name, with their standard colours for each number
 * of classes (3 to 9 for sequential, 3 to 11 for diverging, 3 to 8-12 for
 * qualitative schemes).
 *
 * Colours from ColorBrewer 2.0 (colorbrewer2.org) by Cynthia A. Brewer,
 * Mark Harrower and The Pennsylvania State University, Copyright (c) 2002,
 * licensed under the Apache License, Version 2.0
 * (http://www.apache.org/licenses/LICENSE-2.0). Taken unchanged from the
 * colour tables of the "colorbrewer" package, version 1.7.0. */
#include "pm_classes.h"

#include <stdlib.h>
#include <string.h>

typedef struct scheme {
    const char *name;
    pm_palette_kind kind;
    int n;
    const char *hex;   /* n colours "rrggbb", separated by spaces */
} scheme;

static const scheme SCHEMES[] = {
    {"BuGn", PM_PALETTE_SEQUENTIAL, 3, "e5f5f9 99d8c9 2ca25f"},
    {"BuGn", PM_PALETTE_SEQUENTIAL, 4, "edf8fb b2e2e2 66c2a4 238b45"},
    {"BuGn", PM_PALETTE_SEQUENTIAL, 5, "edf8fb b2e2e2 66c2a4 2ca25f 006d2c"},
    {"BuGn", PM_PALETTE_SEQUENTIAL, 6, "edf8fb ccece6 99d8c9 66c2a4 2ca25f 006d2c"},
    {"BuGn", PM_PALETTE_SEQUENTIAL, 7, "edf8fb ccece6 99d8c9 66c2a4 41ae76 238b45 005824"},
    {"BuGn", PM_PALETTE_SEQUENTIAL, 8, "f7fcfd e5f5f9 ccece6 99d8c9 66c2a4 41ae76 238b45 005824"},
    {"BuGn", PM_PALETTE_SEQUENTIAL, 9, "f7fcfd e5f5f9 ccece6 99d8c9 66c2a4 41ae76 238b45 006d2c 00441b"},
    {"BuPu", PM_PALETTE_SEQUENTIAL, 3, "e0ecf4 9ebcda 8856a7"},
    {"BuPu", PM_PALETTE_SEQUENTIAL, 4, "edf8fb b3cde3 8c96c6 88419d"},
    {"BuPu", PM_PALETTE_SEQUENTIAL, 5, "edf8fb b3cde3 8c96c6 8856a7 810f7c"},
    {"BuPu", PM_PALETTE_SEQUENTIAL, 6, "edf8fb bfd3e6 9ebcda 8c96c6 8856a7 810f7c"},
    {"BuPu", PM_PALETTE_SEQUENTIAL, 7, "edf8fb bfd3e6 9ebcda 8c96c6 8c6bb1 88419d 6e016b"},
    {"BuPu", PM_PALETTE_SEQUENTIAL, 8, "f7fcfd e0ecf4 bfd3e6 9ebcda 8c96c6 8c6bb1 88419d 6e016b"},
    {"BuPu", PM_PALETTE_SEQUENTIAL, 9, "f7fcfd e0ecf4 bfd3e6 9ebcda 8c96c6 8c6bb1 88419d 810f7c 4d004b"},
    {"GnBu", PM_PALETTE_SEQUENTIAL, 3, "e0f3db a8ddb5 43a2ca"},
    {"GnBu", PM_PALETTE_SEQUENTIAL, 4, "f0f9e8 bae4bc 7bccc4 2b8cbe"},
    {"GnBu", PM_PALETTE_SEQUENTIAL, 5, "f0f9e8 bae4bc 7bccc4 43a2ca 0868ac"},
    {"GnBu", PM_PALETTE_SEQUENTIAL, 6, "f0f9e8 ccebc5 a8ddb5 7bccc4 43a2ca 0868ac"},
    {"GnBu", PM_PALETTE_SEQUENTIAL, 7, "f0f9e8 ccebc5 a8ddb5 7bccc4 4eb3d3 2b8cbe 08589e"},
    {"GnBu", PM_PALETTE_SEQUENTIAL, 8, "f7fcf0 e0f3db ccebc5 a8ddb5 7bccc4 4eb3d3 2b8cbe 08589e"},
    {"GnBu", PM_PALETTE_SEQUENTIAL, 9, "f7fcf0 e0f3db ccebc5 a8ddb5 7bccc4 4eb3d3 2b8cbe 0868ac 084081"},
    {"OrRd", PM_PALETTE_SEQUENTIAL, 3, "fee8c8 fdbb84 e34a33"},
    {"OrRd", PM_PALETTE_SEQUENTIAL, 4, "fef0d9 fdcc8a fc8d59 d7301f"},
    {"OrRd", PM_PALETTE_SEQUENTIAL, 5, "fef0d9 fdcc8a fc8d59 e34a33 b30000"},
    {"OrRd", PM_PALETTE_SEQUENTIAL, 6, "fef0d9 fdd49e fdbb84 fc8d59 e34a33 b30000"},
    {"OrRd", PM_PALETTE_SEQUENTIAL, 7, "fef0d9 fdd49e fdbb84 fc8d59 ef6548 d7301f 990000"},
    {"OrRd", PM_PALETTE_SEQUENTIAL, 8, "fff7ec fee8c8 fdd49e fdbb84 fc8d59 ef6548 d7301f 990000"},
    {"OrRd", PM_PALETTE_SEQUENTIAL, 9, "fff7ec fee8c8 fdd49e fdbb84 fc8d59 ef6548 d7301f b30000 7f0000"},
    {"PuBu", PM_PALETTE_SEQUENTIAL, 3, "ece7f2 a6bddb 2b8cbe"},
    {"PuBu", PM_PALETTE_SEQUENTIAL, 4, "f1eef6 bdc9e1 74a9cf 0570b0"},
    {"PuBu", PM_PALETTE_SEQUENTIAL, 5, "f1eef6 bdc9e1 74a9cf 2b8cbe 045a8d"},
    {"PuBu", PM_PALETTE_SEQUENTIAL, 6, "f1eef6 d0d1e6 a6bddb 74a9cf 2b8cbe 045a8d"},
    {"PuBu", PM_PALETTE_SEQUENTIAL, 7, "f1eef6 d0d1e6 a6bddb 74a9cf 3690c0 0570b0 034e7b"},
    {"PuBu", PM_PALETTE_SEQUENTIAL, 8, "fff7fb ece7f2 d0d1e6 a6bddb 74a9cf 3690c0 0570b0 034e7b"},
    {"PuBu", PM_PALETTE_SEQUENTIAL, 9, "fff7fb ece7f2 d0d1e6 a6bddb 74a9cf 3690c0 0570b0 045a8d 023858"},
    {"PuBuGn", PM_PALETTE_SEQUENTIAL, 3, "ece2f0 a6bddb 1c9099"},
    {"PuBuGn", PM_PALETTE_SEQUENTIAL, 4, "f6eff7 bdc9e1 67a9cf 02818a"},
    {"PuBuGn", PM_PALETTE_SEQUENTIAL, 5, "f6eff7 bdc9e1 67a9cf 1c9099 016c59"},
    {"PuBuGn", PM_PALETTE_SEQUENTIAL, 6, "f6eff7 d0d1e6 a6bddb 67a9cf 1c9099 016c59"},
    {"PuBuGn", PM_PALETTE_SEQUENTIAL, 7, "f6eff7 d0d1e6 a6bddb 67a9cf 3690c0 02818a 016450"},
    {"PuBuGn", PM_PALETTE_SEQUENTIAL, 8, "fff7fb ece2f0 d0d1e6 a6bddb 67a9cf 3690c0 02818a 016450"},
    {"PuBuGn", PM_PALETTE_SEQUENTIAL, 9, "fff7fb ece2f0 d0d1e6 a6bddb 67a9cf 3690c0 02818a 016c59 014636"},
    {"PuRd", PM_PALETTE_SEQUENTIAL, 3, "e7e1ef c994c7 dd1c77"},
    {"PuRd", PM_PALETTE_SEQUENTIAL, 4, "f1eef6 d7b5d8 df65b0 ce1256"},
    {"PuRd", PM_PALETTE_SEQUENTIAL, 5, "f1eef6 d7b5d8 df65b0 dd1c77 980043"},
    {"PuRd", PM_PALETTE_SEQUENTIAL, 6, "f1eef6 d4b9da c994c7 df65b0 dd1c77 980043"},
    {"PuRd", PM_PALETTE_SEQUENTIAL, 7, "f1eef6 d4b9da c994c7 df65b0 e7298a ce1256 91003f"},
    {"PuRd", PM_PALETTE_SEQUENTIAL, 8, "f7f4f9 e7e1ef d4b9da c994c7 df65b0 e7298a ce1256 91003f"},
    {"PuRd", PM_PALETTE_SEQUENTIAL, 9, "f7f4f9 e7e1ef d4b9da c994c7 df65b0 e7298a ce1256 980043 67001f"},
    {"RdPu", PM_PALETTE_SEQUENTIAL, 3, "fde0dd fa9fb5 c51b8a"},
    {"RdPu", PM_PALETTE_SEQUENTIAL, 4, "feebe2 fbb4b9 f768a1 ae017e"},
    {"RdPu", PM_PALETTE_SEQUENTIAL, 5, "feebe2 fbb4b9 f768a1 c51b8a 7a0177"},
    {"RdPu", PM_PALETTE_SEQUENTIAL, 6, "feebe2 fcc5c0 fa9fb5 f768a1 c51b8a 7a0177"},
    {"RdPu", PM_PALETTE_SEQUENTIAL, 7, "feebe2 fcc5c0 fa9fb5 f768a1 dd3497 ae017e 7a0177"},
    {"RdPu", PM_PALETTE_SEQUENTIAL, 8, "fff7f3 fde0dd fcc5c0 fa9fb5 f768a1 dd3497 ae017e 7a0177"},
    {"RdPu", PM_PALETTE_SEQUENTIAL, 9, "fff7f3 fde0dd fcc5c0 fa9fb5 f768a1 dd3497 ae017e 7a0177 49006a"},
    {"YlGn", PM_PALETTE_SEQUENTIAL, 3, "f7fcb9 addd8e 31a354"},
    {"YlGn", PM_PALETTE_SEQUENTIAL, 4, "ffffcc c2e699 78c679 238443"},
    {"YlGn", PM_PALETTE_SEQUENTIAL, 5, "ffffcc c2e699 78c679 31a354 006837"},
    {"YlGn", PM_PALETTE_SEQUENTIAL, 6, "ffffcc d9f0a3 addd8e 78c679 31a354 006837"},
    {"YlGn", PM_PALETTE_SEQUENTIAL, 7, "ffffcc d9f0a3 addd8e 78c679 41ab5d 238443 005a32"},
    {"YlGn", PM_PALETTE_SEQUENTIAL, 8, "ffffe5 f7fcb9 d9f0a3 addd8e 78c679 41ab5d 238443 005a32"},
    {"YlGn", PM_PALETTE_SEQUENTIAL, 9, "ffffe5 f7fcb9 d9f0a3 addd8e 78c679 41ab5d 238443 006837 004529"},
    {"YlGnBu", PM_PALETTE_SEQUENTIAL, 3, "edf8b1 7fcdbb 2c7fb8"},
    {"YlGnBu", PM_PALETTE_SEQUENTIAL, 4, "ffffcc a1dab4 41b6c4 225ea8"},
    {"YlGnBu", PM_PALETTE_SEQUENTIAL, 5, "ffffcc a1dab4 41b6c4 2c7fb8 253494"},
    {"YlGnBu", PM_PALETTE_SEQUENTIAL, 6, "ffffcc c7e9b4 7fcdbb 41b6c4 2c7fb8 253494"},
    {"YlGnBu", PM_PALETTE_SEQUENTIAL, 7, "ffffcc c7e9b4 7fcdbb 41b6c4 1d91c0 225ea8 0c2c84"},
    {"YlGnBu", PM_PALETTE_SEQUENTIAL, 8, "ffffd9 edf8b1 c7e9b4 7fcdbb 41b6c4 1d91c0 225ea8 0c2c84"},
    {"YlGnBu", PM_PALETTE_SEQUENTIAL, 9, "ffffd9 edf8b1 c7e9b4 7fcdbb 41b6c4 1d91c0 225ea8 253494 081d58"},
    {"YlOrBr", PM_PALETTE_SEQUENTIAL, 3, "fff7bc fec44f d95f0e"},
    {"YlOrBr", PM_PALETTE_SEQUENTIAL, 4, "ffffd4 fed98e fe9929 cc4c02"},
    {"YlOrBr", PM_PALETTE_SEQUENTIAL, 5, "ffffd4 fed98e fe9929 d95f0e 993404"},
    {"YlOrBr", PM_PALETTE_SEQUENTIAL, 6, "ffffd4 fee391 fec44f fe9929 d95f0e 993404"},
    {"YlOrBr", PM_PALETTE_SEQUENTIAL, 7, "ffffd4 fee391 fec44f fe9929 ec7014 cc4c02 8c2d04"},
    {"YlOrBr", PM_PALETTE_SEQUENTIAL, 8, "ffffe5 fff7bc fee391 fec44f fe9929 ec7014 cc4c02 8c2d04"},
    {"YlOrBr", PM_PALETTE_SEQUENTIAL, 9, "ffffe5 fff7bc fee391 fec44f fe9929 ec7014 cc4c02 993404 662506"},
    {"YlOrRd", PM_PALETTE_SEQUENTIAL, 3, "ffeda0 feb24c f03b20"},
    {"YlOrRd", PM_PALETTE_SEQUENTIAL, 4, "ffffb2 fecc5c fd8d3c e31a1c"},
    {"YlOrRd", PM_PALETTE_SEQUENTIAL, 5, "ffffb2 fecc5c fd8d3c f03b20 bd0026"},
    {"YlOrRd", PM_PALETTE_SEQUENTIAL, 6, "ffffb2 fed976 feb24c fd8d3c f03b20 bd0026"},
    {"YlOrRd", PM_PALETTE_SEQUENTIAL, 7, "ffffb2 fed976 feb24c fd8d3c fc4e2a e31a1c b10026"},
    {"YlOrRd", PM_PALETTE_SEQUENTIAL, 8, "ffffcc ffeda0 fed976 feb24c fd8d3c fc4e2a e31a1c b10026"},
    {"YlOrRd", PM_PALETTE_SEQUENTIAL, 9, "ffffcc ffeda0 fed976 feb24c fd8d3c fc4e2a e31a1c bd0026 800026"},
    {"Blues", PM_PALETTE_SEQUENTIAL, 3, "deebf7 9ecae1 3182bd"},
    {"Blues", PM_PALETTE_SEQUENTIAL, 4, "eff3ff bdd7e7 6baed6 2171b5"},
    {"Blues", PM_PALETTE_SEQUENTIAL, 5, "eff3ff bdd7e7 6baed6 3182bd 08519c"},
    {"Blues", PM_PALETTE_SEQUENTIAL, 6, "eff3ff c6dbef 9ecae1 6baed6 3182bd 08519c"},
    {"Blues", PM_PALETTE_SEQUENTIAL, 7, "eff3ff c6dbef 9ecae1 6baed6 4292c6 2171b5 084594"},
    {"Blues", PM_PALETTE_SEQUENTIAL, 8, "f7fbff deebf7 c6dbef 9ecae1 6baed6 4292c6 2171b5 084594"},
    {"Blues", PM_PALETTE_SEQUENTIAL, 9, "f7fbff deebf7 c6dbef 9ecae1 6baed6 4292c6 2171b5 08519c 08306b"},
    {"Greens", PM_PALETTE_SEQUENTIAL, 3, "e5f5e0 a1d99b 31a354"},
    {"Greens", PM_PALETTE_SEQUENTIAL, 4, "edf8e9 bae4b3 74c476 238b45"},
    {"Greens", PM_PALETTE_SEQUENTIAL, 5, "edf8e9 bae4b3 74c476 31a354 006d2c"},
    {"Greens", PM_PALETTE_SEQUENTIAL, 6, "edf8e9 c7e9c0 a1d99b 74c476 31a354 006d2c"},
    {"Greens", PM_PALETTE_SEQUENTIAL, 7, "edf8e9 c7e9c0 a1d99b 74c476 41ab5d 238b45 005a32"},
    {"Greens", PM_PALETTE_SEQUENTIAL, 8, "f7fcf5 e5f5e0 c7e9c0 a1d99b 74c476 41ab5d 238b45 005a32"},
    {"Greens", PM_PALETTE_SEQUENTIAL, 9, "f7fcf5 e5f5e0 c7e9c0 a1d99b 74c476 41ab5d 238b45 006d2c 00441b"},
    {"Greys", PM_PALETTE_SEQUENTIAL, 3, "f0f0f0 bdbdbd 636363"},
    {"Greys", PM_PALETTE_SEQUENTIAL, 4, "f7f7f7 cccccc 969696 525252"},
    {"Greys", PM_PALETTE_SEQUENTIAL, 5, "f7f7f7 cccccc 969696 636363 252525"},
    {"Greys", PM_PALETTE_SEQUENTIAL, 6, "f7f7f7 d9d9d9 bdbdbd 969696 636363 252525"},
    {"Greys", PM_PALETTE_SEQUENTIAL, 7, "f7f7f7 d9d9d9 bdbdbd 969696 737373 525252 252525"},
    {"Greys", PM_PALETTE_SEQUENTIAL, 8, "ffffff f0f0f0 d9d9d9 bdbdbd 969696 737373 525252 252525"},
    {"Greys", PM_PALETTE_SEQUENTIAL, 9, "ffffff f0f0f0 d9d9d9 bdbdbd 969696 737373 525252 252525 000000"},
    {"Oranges", PM_PALETTE_SEQUENTIAL, 3, "fee6ce fdae6b e6550d"},
    {"Oranges", PM_PALETTE_SEQUENTIAL, 4, "feedde fdbe85 fd8d3c d94701"},
    {"Oranges", PM_PALETTE_SEQUENTIAL, 5, "feedde fdbe85 fd8d3c e6550d a63603"},
    {"Oranges", PM_PALETTE_SEQUENTIAL, 6, "feedde fdd0a2 fdae6b fd8d3c e6550d a63603"},
    {"Oranges", PM_PALETTE_SEQUENTIAL, 7, "feedde fdd0a2 fdae6b fd8d3c f16913 d94801 8c2d04"},
    {"Oranges", PM_PALETTE_SEQUENTIAL, 8, "fff5eb fee6ce fdd0a2 fdae6b fd8d3c f16913 d94801 8c2d04"},
    {"Oranges", PM_PALETTE_SEQUENTIAL, 9, "fff5eb fee6ce fdd0a2 fdae6b fd8d3c f16913 d94801 a63603 7f2704"},
    {"Purples", PM_PALETTE_SEQUENTIAL, 3, "efedf5 bcbddc 756bb1"},
    {"Purples", PM_PALETTE_SEQUENTIAL, 4, "f2f0f7 cbc9e2 9e9ac8 6a51a3"},
    {"Purples", PM_PALETTE_SEQUENTIAL, 5, "f2f0f7 cbc9e2 9e9ac8 756bb1 54278f"},
    {"Purples", PM_PALETTE_SEQUENTIAL, 6, "f2f0f7 dadaeb bcbddc 9e9ac8 756bb1 54278f"},
    {"Purples", PM_PALETTE_SEQUENTIAL, 7, "f2f0f7 dadaeb bcbddc 9e9ac8 807dba 6a51a3 4a1486"},
    {"Purples", PM_PALETTE_SEQUENTIAL, 8, "fcfbfd efedf5 dadaeb bcbddc 9e9ac8 807dba 6a51a3 4a1486"},
    {"Purples", PM_PALETTE_SEQUENTIAL, 9, "fcfbfd efedf5 dadaeb bcbddc 9e9ac8 807dba 6a51a3 54278f 3f007d"},
    {"Reds", PM_PALETTE_SEQUENTIAL, 3, "fee0d2 fc9272 de2d26"},
    {"Reds", PM_PALETTE_SEQUENTIAL, 4, "fee5d9 fcae91 fb6a4a cb181d"},
    {"Reds", PM_PALETTE_SEQUENTIAL, 5, "fee5d9 fcae91 fb6a4a de2d26 a50f15"},
    {"Reds", PM_PALETTE_SEQUENTIAL, 6, "fee5d9 fcbba1 fc9272 fb6a4a de2d26 a50f15"},
    {"Reds", PM_PALETTE_SEQUENTIAL, 7, "fee5d9 fcbba1 fc9272 fb6a4a ef3b2c cb181d 99000d"},
    {"Reds", PM_PALETTE_SEQUENTIAL, 8, "fff5f0 fee0d2 fcbba1 fc9272 fb6a4a ef3b2c cb181d 99000d"},
    {"Reds", PM_PALETTE_SEQUENTIAL, 9, "fff5f0 fee0d2 fcbba1 fc9272 fb6a4a ef3b2c cb181d a50f15 67000d"},
    {"BrBG", PM_PALETTE_DIVERGING, 3, "d8b365 f5f5f5 5ab4ac"},
    {"BrBG", PM_PALETTE_DIVERGING, 4, "a6611a dfc27d 80cdc1 018571"},
    {"BrBG", PM_PALETTE_DIVERGING, 5, "a6611a dfc27d f5f5f5 80cdc1 018571"},
    {"BrBG", PM_PALETTE_DIVERGING, 6, "8c510a d8b365 f6e8c3 c7eae5 5ab4ac 01665e"},
    {"BrBG", PM_PALETTE_DIVERGING, 7, "8c510a d8b365 f6e8c3 f5f5f5 c7eae5 5ab4ac 01665e"},
    {"BrBG", PM_PALETTE_DIVERGING, 8, "8c510a bf812d dfc27d f6e8c3 c7eae5 80cdc1 35978f 01665e"},
    {"BrBG", PM_PALETTE_DIVERGING, 9, "8c510a bf812d dfc27d f6e8c3 f5f5f5 c7eae5 80cdc1 35978f 01665e"},
    {"BrBG", PM_PALETTE_DIVERGING, 10, "543005 8c510a bf812d dfc27d f6e8c3 c7eae5 80cdc1 35978f 01665e 003c30"},
    {"BrBG", PM_PALETTE_DIVERGING, 11, "543005 8c510a bf812d dfc27d f6e8c3 f5f5f5 c7eae5 80cdc1 35978f 01665e 003c30"},
    {"PiYG", PM_PALETTE_DIVERGING, 3, "e9a3c9 f7f7f7 a1d76a"},
    {"PiYG", PM_PALETTE_DIVERGING, 4, "d01c8b f1b6da b8e186 4dac26"},
    {"PiYG", PM_PALETTE_DIVERGING, 5, "d01c8b f1b6da f7f7f7 b8e186 4dac26"},
    {"PiYG", PM_PALETTE_DIVERGING, 6, "c51b7d e9a3c9 fde0ef e6f5d0 a1d76a 4d9221"},
    {"PiYG", PM_PALETTE_DIVERGING, 7, "c51b7d e9a3c9 fde0ef f7f7f7 e6f5d0 a1d76a 4d9221"},
    {"PiYG", PM_PALETTE_DIVERGING, 8, "c51b7d de77ae f1b6da fde0ef e6f5d0 b8e186 7fbc41 4d9221"},
    {"PiYG", PM_PALETTE_DIVERGING, 9, "c51b7d de77ae f1b6da fde0ef f7f7f7 e6f5d0 b8e186 7fbc41 4d9221"},
    {"PiYG", PM_PALETTE_DIVERGING, 10, "8e0152 c51b7d de77ae f1b6da fde0ef e6f5d0 b8e186 7fbc41 4d9221 276419"},
    {"PiYG", PM_PALETTE_DIVERGING, 11, "8e0152 c51b7d de77ae f1b6da fde0ef f7f7f7 e6f5d0 b8e186 7fbc41 4d9221 276419"},
    {"PRGn", PM_PALETTE_DIVERGING, 3, "af8dc3 f7f7f7 7fbf7b"},
    {"PRGn", PM_PALETTE_DIVERGING, 4, "7b3294 c2a5cf a6dba0 008837"},
    {"PRGn", PM_PALETTE_DIVERGING, 5, "7b3294 c2a5cf f7f7f7 a6dba0 008837"},
    {"PRGn", PM_PALETTE_DIVERGING, 6, "762a83 af8dc3 e7d4e8 d9f0d3 7fbf7b 1b7837"},
    {"PRGn", PM_PALETTE_DIVERGING, 7, "762a83 af8dc3 e7d4e8 f7f7f7 d9f0d3 7fbf7b 1b7837"},
    {"PRGn", PM_PALETTE_DIVERGING, 8, "762a83 9970ab c2a5cf e7d4e8 d9f0d3 a6dba0 5aae61 1b7837"},
    {"PRGn", PM_PALETTE_DIVERGING, 9, "762a83 9970ab c2a5cf e7d4e8 f7f7f7 d9f0d3 a6dba0 5aae61 1b7837"},
    {"PRGn", PM_PALETTE_DIVERGING, 10, "40004b 762a83 9970ab c2a5cf e7d4e8 d9f0d3 a6dba0 5aae61 1b7837 00441b"},
    {"PRGn", PM_PALETTE_DIVERGING, 11, "40004b 762a83 9970ab c2a5cf e7d4e8 f7f7f7 d9f0d3 a6dba0 5aae61 1b7837 00441b"},
    {"PuOr", PM_PALETTE_DIVERGING, 3, "f1a340 f7f7f7 998ec3"},
    {"PuOr", PM_PALETTE_DIVERGING, 4, "e66101 fdb863 b2abd2 5e3c99"},
    {"PuOr", PM_PALETTE_DIVERGING, 5, "e66101 fdb863 f7f7f7 b2abd2 5e3c99"},
    {"PuOr", PM_PALETTE_DIVERGING, 6, "b35806 f1a340 fee0b6 d8daeb 998ec3 542788"},
    {"PuOr", PM_PALETTE_DIVERGING, 7, "b35806 f1a340 fee0b6 f7f7f7 d8daeb 998ec3 542788"},
    {"PuOr", PM_PALETTE_DIVERGING, 8, "b35806 e08214 fdb863 fee0b6 d8daeb b2abd2 8073ac 542788"},
    {"PuOr", PM_PALETTE_DIVERGING, 9, "b35806 e08214 fdb863 fee0b6 f7f7f7 d8daeb b2abd2 8073ac 542788"},
    {"PuOr", PM_PALETTE_DIVERGING, 10, "7f3b08 b35806 e08214 fdb863 fee0b6 d8daeb b2abd2 8073ac 542788 2d004b"},
    {"PuOr", PM_PALETTE_DIVERGING, 11, "7f3b08 b35806 e08214 fdb863 fee0b6 f7f7f7 d8daeb b2abd2 8073ac 542788 2d004b"},
    {"RdBu", PM_PALETTE_DIVERGING, 3, "ef8a62 f7f7f7 67a9cf"},
    {"RdBu", PM_PALETTE_DIVERGING, 4, "ca0020 f4a582 92c5de 0571b0"},
    {"RdBu", PM_PALETTE_DIVERGING, 5, "ca0020 f4a582 f7f7f7 92c5de 0571b0"},
    {"RdBu", PM_PALETTE_DIVERGING, 6, "b2182b ef8a62 fddbc7 d1e5f0 67a9cf 2166ac"},
    {"RdBu", PM_PALETTE_DIVERGING, 7, "b2182b ef8a62 fddbc7 f7f7f7 d1e5f0 67a9cf 2166ac"},
    {"RdBu", PM_PALETTE_DIVERGING, 8, "b2182b d6604d f4a582 fddbc7 d1e5f0 92c5de 4393c3 2166ac"},
    {"RdBu", PM_PALETTE_DIVERGING, 9, "b2182b d6604d f4a582 fddbc7 f7f7f7 d1e5f0 92c5de 4393c3 2166ac"},
    {"RdBu", PM_PALETTE_DIVERGING, 10, "67001f b2182b d6604d f4a582 fddbc7 d1e5f0 92c5de 4393c3 2166ac 053061"},
    {"RdBu", PM_PALETTE_DIVERGING, 11, "67001f b2182b d6604d f4a582 fddbc7 f7f7f7 d1e5f0 92c5de 4393c3 2166ac 053061"},
    {"RdGy", PM_PALETTE_DIVERGING, 3, "ef8a62 ffffff 999999"},
    {"RdGy", PM_PALETTE_DIVERGING, 4, "ca0020 f4a582 bababa 404040"},
    {"RdGy", PM_PALETTE_DIVERGING, 5, "ca0020 f4a582 ffffff bababa 404040"},
    {"RdGy", PM_PALETTE_DIVERGING, 6, "b2182b ef8a62 fddbc7 e0e0e0 999999 4d4d4d"},
    {"RdGy", PM_PALETTE_DIVERGING, 7, "b2182b ef8a62 fddbc7 ffffff e0e0e0 999999 4d4d4d"},
    {"RdGy", PM_PALETTE_DIVERGING, 8, "b2182b d6604d f4a582 fddbc7 e0e0e0 bababa 878787 4d4d4d"},
    {"RdGy", PM_PALETTE_DIVERGING, 9, "b2182b d6604d f4a582 fddbc7 ffffff e0e0e0 bababa 878787 4d4d4d"},
    {"RdGy", PM_PALETTE_DIVERGING, 10, "67001f b2182b d6604d f4a582 fddbc7 e0e0e0 bababa 878787 4d4d4d 1a1a1a"},
    {"RdGy", PM_PALETTE_DIVERGING, 11, "67001f b2182b d6604d f4a582 fddbc7 ffffff e0e0e0 bababa 878787 4d4d4d 1a1a1a"},
    {"RdYlBu", PM_PALETTE_DIVERGING, 3, "fc8d59 ffffbf 91bfdb"},
    {"RdYlBu", PM_PALETTE_DIVERGING, 4, "d7191c fdae61 abd9e9 2c7bb6"},
    {"RdYlBu", PM_PALETTE_DIVERGING, 5, "d7191c fdae61 ffffbf abd9e9 2c7bb6"},
    {"RdYlBu", PM_PALETTE_DIVERGING, 6, "d73027 fc8d59 fee090 e0f3f8 91bfdb 4575b4"},
    {"RdYlBu", PM_PALETTE_DIVERGING, 7, "d73027 fc8d59 fee090 ffffbf e0f3f8 91bfdb 4575b4"},
    {"RdYlBu", PM_PALETTE_DIVERGING, 8, "d73027 f46d43 fdae61 fee090 e0f3f8 abd9e9 74add1 4575b4"},
    {"RdYlBu", PM_PALETTE_DIVERGING, 9, "d73027 f46d43 fdae61 fee090 ffffbf e0f3f8 abd9e9 74add1 4575b4"},
    {"RdYlBu", PM_PALETTE_DIVERGING, 10, "a50026 d73027 f46d43 fdae61 fee090 e0f3f8 abd9e9 74add1 4575b4 313695"},
    {"RdYlBu", PM_PALETTE_DIVERGING, 11, "a50026 d73027 f46d43 fdae61 fee090 ffffbf e0f3f8 abd9e9 74add1 4575b4 313695"},
    {"RdYlGn", PM_PALETTE_DIVERGING, 3, "fc8d59 ffffbf 91cf60"},
    {"RdYlGn", PM_PALETTE_DIVERGING, 4, "d7191c fdae61 a6d96a 1a9641"},
    {"RdYlGn", PM_PALETTE_DIVERGING, 5, "d7191c fdae61 ffffbf a6d96a 1a9641"},
    {"RdYlGn", PM_PALETTE_DIVERGING, 6, "d73027 fc8d59 fee08b d9ef8b 91cf60 1a9850"},
    {"RdYlGn", PM_PALETTE_DIVERGING, 7, "d73027 fc8d59 fee08b ffffbf d9ef8b 91cf60 1a9850"},
    {"RdYlGn", PM_PALETTE_DIVERGING, 8, "d73027 f46d43 fdae61 fee08b d9ef8b a6d96a 66bd63 1a9850"},
    {"RdYlGn", PM_PALETTE_DIVERGING, 9, "d73027 f46d43 fdae61 fee08b ffffbf d9ef8b a6d96a 66bd63 1a9850"},
    {"RdYlGn", PM_PALETTE_DIVERGING, 10, "a50026 d73027 f46d43 fdae61 fee08b d9ef8b a6d96a 66bd63 1a9850 006837"},
    {"RdYlGn", PM_PALETTE_DIVERGING, 11, "a50026 d73027 f46d43 fdae61 fee08b ffffbf d9ef8b a6d96a 66bd63 1a9850 006837"},
    {"Spectral", PM_PALETTE_DIVERGING, 3, "fc8d59 ffffbf 99d594"},
    {"Spectral", PM_PALETTE_DIVERGING, 4, "d7191c fdae61 abdda4 2b83ba"},
    {"Spectral", PM_PALETTE_DIVERGING, 5, "d7191c fdae61 ffffbf abdda4 2b83ba"},
    {"Spectral", PM_PALETTE_DIVERGING, 6, "d53e4f fc8d59 fee08b e6f598 99d594 3288bd"},
    {"Spectral", PM_PALETTE_DIVERGING, 7, "d53e4f fc8d59 fee08b ffffbf e6f598 99d594 3288bd"},
    {"Spectral", PM_PALETTE_DIVERGING, 8, "d53e4f f46d43 fdae61 fee08b e6f598 abdda4 66c2a5 3288bd"},
    {"Spectral", PM_PALETTE_DIVERGING, 9, "d53e4f f46d43 fdae61 fee08b ffffbf e6f598 abdda4 66c2a5 3288bd"},
    {"Spectral", PM_PALETTE_DIVERGING, 10, "9e0142 d53e4f f46d43 fdae61 fee08b e6f598 abdda4 66c2a5 3288bd 5e4fa2"},
    {"Spectral", PM_PALETTE_DIVERGING, 11, "9e0142 d53e4f f46d43 fdae61 fee08b ffffbf e6f598 abdda4 66c2a5 3288bd 5e4fa2"},
    {"Accent", PM_PALETTE_QUALITATIVE, 3, "7fc97f beaed4 fdc086"},
    {"Accent", PM_PALETTE_QUALITATIVE, 4, "7fc97f beaed4 fdc086 ffff99"},
    {"Accent", PM_PALETTE_QUALITATIVE, 5, "7fc97f beaed4 fdc086 ffff99 386cb0"},
    {"Accent", PM_PALETTE_QUALITATIVE, 6, "7fc97f beaed4 fdc086 ffff99 386cb0 f0027f"},
    {"Accent", PM_PALETTE_QUALITATIVE, 7, "7fc97f beaed4 fdc086 ffff99 386cb0 f0027f bf5b17"},
    {"Accent", PM_PALETTE_QUALITATIVE, 8, "7fc97f beaed4 fdc086 ffff99 386cb0 f0027f bf5b17 666666"},
    {"Dark2", PM_PALETTE_QUALITATIVE, 3, "1b9e77 d95f02 7570b3"},
    {"Dark2", PM_PALETTE_QUALITATIVE, 4, "1b9e77 d95f02 7570b3 e7298a"},
    {"Dark2", PM_PALETTE_QUALITATIVE, 5, "1b9e77 d95f02 7570b3 e7298a 66a61e"},
    {"Dark2", PM_PALETTE_QUALITATIVE, 6, "1b9e77 d95f02 7570b3 e7298a 66a61e e6ab02"},
    {"Dark2", PM_PALETTE_QUALITATIVE, 7, "1b9e77 d95f02 7570b3 e7298a 66a61e e6ab02 a6761d"},
    {"Dark2", PM_PALETTE_QUALITATIVE, 8, "1b9e77 d95f02 7570b3 e7298a 66a61e e6ab02 a6761d 666666"},
    {"Paired", PM_PALETTE_QUALITATIVE, 3, "a6cee3 1f78b4 b2df8a"},
    {"Paired", PM_PALETTE_QUALITATIVE, 4, "a6cee3 1f78b4 b2df8a 33a02c"},
    {"Paired", PM_PALETTE_QUALITATIVE, 5, "a6cee3 1f78b4 b2df8a 33a02c fb9a99"},
    {"Paired", PM_PALETTE_QUALITATIVE, 6, "a6cee3 1f78b4 b2df8a 33a02c fb9a99 e31a1c"},
    {"Paired", PM_PALETTE_QUALITATIVE, 7, "a6cee3 1f78b4 b2df8a 33a02c fb9a99 e31a1c fdbf6f"},
    {"Paired", PM_PALETTE_QUALITATIVE, 8, "a6cee3 1f78b4 b2df8a 33a02c fb9a99 e31a1c fdbf6f ff7f00"},
    {"Paired", PM_PALETTE_QUALITATIVE, 9, "a6cee3 1f78b4 b2df8a 33a02c fb9a99 e31a1c fdbf6f ff7f00 cab2d6"},
    {"Paired", PM_PALETTE_QUALITATIVE, 10, "a6cee3 1f78b4 b2df8a 33a02c fb9a99 e31a1c fdbf6f ff7f00 cab2d6 6a3d9a"},
    {"Paired", PM_PALETTE_QUALITATIVE, 11, "a6cee3 1f78b4 b2df8a 33a02c fb9a99 e31a1c fdbf6f ff7f00 cab2d6 6a3d9a ffff99"},
    {"Paired", PM_PALETTE_QUALITATIVE, 12, "a6cee3 1f78b4 b2df8a 33a02c fb9a99 e31a1c fdbf6f ff7f00 cab2d6 6a3d9a ffff99 b15928"},
    {"Pastel1", PM_PALETTE_QUALITATIVE, 3, "fbb4ae b3cde3 ccebc5"},
    {"Pastel1", PM_PALETTE_QUALITATIVE, 4, "fbb4ae b3cde3 ccebc5 decbe4"},
    {"Pastel1", PM_PALETTE_QUALITATIVE, 5, "fbb4ae b3cde3 ccebc5 decbe4 fed9a6"},
    {"Pastel1", PM_PALETTE_QUALITATIVE, 6, "fbb4ae b3cde3 ccebc5 decbe4 fed9a6 ffffcc"},
    {"Pastel1", PM_PALETTE_QUALITATIVE, 7, "fbb4ae b3cde3 ccebc5 decbe4 fed9a6 ffffcc e5d8bd"},
    {"Pastel1", PM_PALETTE_QUALITATIVE, 8, "fbb4ae b3cde3 ccebc5 decbe4 fed9a6 ffffcc e5d8bd fddaec"},
    {"Pastel1", PM_PALETTE_QUALITATIVE, 9, "fbb4ae b3cde3 ccebc5 decbe4 fed9a6 ffffcc e5d8bd fddaec f2f2f2"},
    {"Pastel2", PM_PALETTE_QUALITATIVE, 3, "b3e2cd fdcdac cbd5e8"},
    {"Pastel2", PM_PALETTE_QUALITATIVE, 4, "b3e2cd fdcdac cbd5e8 f4cae4"},
    {"Pastel2", PM_PALETTE_QUALITATIVE, 5, "b3e2cd fdcdac cbd5e8 f4cae4 e6f5c9"},
    {"Pastel2", PM_PALETTE_QUALITATIVE, 6, "b3e2cd fdcdac cbd5e8 f4cae4 e6f5c9 fff2ae"},
    {"Pastel2", PM_PALETTE_QUALITATIVE, 7, "b3e2cd fdcdac cbd5e8 f4cae4 e6f5c9 fff2ae f1e2cc"},
    {"Pastel2", PM_PALETTE_QUALITATIVE, 8, "b3e2cd fdcdac cbd5e8 f4cae4 e6f5c9 fff2ae f1e2cc cccccc"},
    {"Set1", PM_PALETTE_QUALITATIVE, 3, "e41a1c 377eb8 4daf4a"},
    {"Set1", PM_PALETTE_QUALITATIVE, 4, "e41a1c 377eb8 4daf4a 984ea3"},
    {"Set1", PM_PALETTE_QUALITATIVE, 5, "e41a1c 377eb8 4daf4a 984ea3 ff7f00"},
    {"Set1", PM_PALETTE_QUALITATIVE, 6, "e41a1c 377eb8 4daf4a 984ea3 ff7f00 ffff33"},
    {"Set1", PM_PALETTE_QUALITATIVE, 7, "e41a1c 377eb8 4daf4a 984ea3 ff7f00 ffff33 a65628"},
    {"Set1", PM_PALETTE_QUALITATIVE, 8, "e41a1c 377eb8 4daf4a 984ea3 ff7f00 ffff33 a65628 f781bf"},
    {"Set1", PM_PALETTE_QUALITATIVE, 9, "e41a1c 377eb8 4daf4a 984ea3 ff7f00 ffff33 a65628 f781bf 999999"},
    {"Set2", PM_PALETTE_QUALITATIVE, 3, "66c2a5 fc8d62 8da0cb"},
    {"Set2", PM_PALETTE_QUALITATIVE, 4, "66c2a5 fc8d62 8da0cb e78ac3"},
    {"Set2", PM_PALETTE_QUALITATIVE, 5, "66c2a5 fc8d62 8da0cb e78ac3 a6d854"},
    {"Set2", PM_PALETTE_QUALITATIVE, 6, "66c2a5 fc8d62 8da0cb e78ac3 a6d854 ffd92f"},
    {"Set2", PM_PALETTE_QUALITATIVE, 7, "66c2a5 fc8d62 8da0cb e78ac3 a6d854 ffd92f e5c494"},
    {"Set2", PM_PALETTE_QUALITATIVE, 8, "66c2a5 fc8d62 8da0cb e78ac3 a6d854 ffd92f e5c494 b3b3b3"},
    {"Set3", PM_PALETTE_QUALITATIVE, 3, "8dd3c7 ffffb3 bebada"},
    {"Set3", PM_PALETTE_QUALITATIVE, 4, "8dd3c7 ffffb3 bebada fb8072"},
    {"Set3", PM_PALETTE_QUALITATIVE, 5, "8dd3c7 ffffb3 bebada fb8072 80b1d3"},
    {"Set3", PM_PALETTE_QUALITATIVE, 6, "8dd3c7 ffffb3 bebada fb8072 80b1d3 fdb462"},
    {"Set3", PM_PALETTE_QUALITATIVE, 7, "8dd3c7 ffffb3 bebada fb8072 80b1d3 fdb462 b3de69"},
    {"Set3", PM_PALETTE_QUALITATIVE, 8, "8dd3c7 ffffb3 bebada fb8072 80b1d3 fdb462 b3de69 fccde5"},
    {"Set3", PM_PALETTE_QUALITATIVE, 9, "8dd3c7 ffffb3 bebada fb8072 80b1d3 fdb462 b3de69 fccde5 d9d9d9"},
    {"Set3", PM_PALETTE_QUALITATIVE, 10, "8dd3c7 ffffb3 bebada fb8072 80b1d3 fdb462 b3de69 fccde5 d9d9d9 bc80bd"},
    {"Set3", PM_PALETTE_QUALITATIVE, 11, "8dd3c7 ffffb3 bebada fb8072 80b1d3 fdb462 b3de69 fccde5 d9d9d9 bc80bd ccebc5"},
    {"Set3", PM_PALETTE_QUALITATIVE, 12, "8dd3c7 ffffb3 bebada fb8072 80b1d3 fdb462 b3de69 fccde5 d9d9d9 bc80bd ccebc5 ffed6f"},

};

#define N_SCHEMES (sizeof SCHEMES / sizeof SCHEMES[0])

static const scheme *find(const char *name, int n)
{
    for (size_t i = 0; i < N_SCHEMES; i++)
        if (strcmp(SCHEMES[i].name, name) == 0 && SCHEMES[i].n == n)
            return &SCHEMES[i];
    return NULL;
}

int pm_palette_max(const char *name, pm_palette_kind *kind)
{
    int most = 0;
    for (size_t i = 0; i < N_SCHEMES; i++) {
        if (strcmp(SCHEMES[i].name, name) != 0)
            continue;
        if (SCHEMES[i].n > most)
            most = SCHEMES[i].n;
        if (kind)
            *kind = SCHEMES[i].kind;
    }
    return most;
}

static pm_color hex_color(const char *h)
{
    char part[3] = {0};
    double c[3];
    for (int i = 0; i < 3; i++) {
        memcpy(part, h + 2 * i, 2);
        c[i] = (double)strtol(part, NULL, 16) / 255.0;
    }
    return (pm_color){c[0], c[1], c[2], 1};
}

int pm_palette_colors(const char *name, int n, pm_color *out)
{
    int most = pm_palette_max(name, NULL);
    if (most == 0)
        return -1;
    if (n < 2)
        return -2;
    if (n > most)
        return most;
    const scheme *s = find(name, n < 3 ? 3 : n);
    pm_color all[3];
    pm_color *dst = n < 3 ? all : out;
    for (int i = 0; i < s->n; i++)
        dst[i] = hex_color(s->hex + 7 * i);
    if (n < 3) {
        out[0] = all[0];
        out[1] = all[2];
    }
    return 0;
}
