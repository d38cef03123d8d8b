/*
 * keygen_modp.c -- key generation: arithmetic modulo the small primes
 * p = 1 mod 2048, 2^30 < p < 2^31, in Montgomery form with R = 2^31 (the
 * inline operations are in keygen.h), and the NTTs modulo p over
 * Z_p[x]/(x^n + 1) that NTRUSolve runs in every prime of its RNS
 * representation ([Falcon] §3.8.2; [PP19] §3). Values as the round-3
 * reference computes them.
 */
#include "keygen.h"

/*
 * The small primes: all primes p = 1 mod 2048 below 2^31, in decreasing
 * order (157 of them are enough for logn = 9: MAX_BL_LARGE(8), keygen.h).
 *   p  the prime;
 *   g  a primitive 2048-th root of 1 mod p (x^((p-1)/2048) for x the
 *      smallest primitive root mod p; any such root gives the same
 *      integer results);
 *   s  1/(product of the previous primes) mod p, Montgomery form (for CRT).
 * Generated with a short sympy script (isprime, primitive_root, pow).
 */
const small_prime PRIMES[] = {
    { 2147473409,  383167813,      10239 },
    { 2147389441,  211808905,  471403745 },
    { 2147387393,  222831930, 1329335065 },
    { 2147377153, 1977035326,  968223422 },
    { 2147358721, 1067163706,  132460015 },
    { 2147352577, 1606082042,  598693809 },
    { 2147346433,  741176756, 1056257184 },
    { 2147338241, 1653770625,  421286710 },
    { 2147309569, 1249696275, 1111201074 },
    { 2147297281, 2038364663, 1042003613 },
    { 2147295233, 1962540515,   19440033 },
    { 2147239937, 2100082663,  353296760 },
    { 2147235841, 1991153006, 1703918027 },
    { 2147217409, 1847160388, 1258919613 },
    { 2147205121,  409347988, 1089726929 },
    { 2147196929,  927788991, 1946238668 },
    { 2147178497, 1136922411, 1347028164 },
    { 2147100673,  868626236,  701164723 },
    { 2147082241, 1897279176,  617820870 },
    { 2147074049,  696324761,  158382189 },
    { 2147051521,   25006327,  522758543 },
    { 2147043329,  327546255,   37227845 },
    { 2147039233,  766324424, 1133356428 },
    { 2146988033, 1862817362,   73861329 },
    { 2146963457,  404622040,  653019435 },
    { 2146959361,  265228189,  995143093 },
    { 2146938881, 1559770096,  634921513 },
    { 2146908161, 1814478797, 1985060172 },
    { 2146885633, 1751189170,  298238186 },
    { 2146871297,  578919515,  291810829 },
    { 2146846721, 1114060353,  915902322 },
    { 2146834433, 2069565474,   47859524 },
    { 2146818049, 1552824584,  646281055 },
    { 2146775041, 1906267847, 1597832891 },
    { 2146756609, 1847414714, 1228090888 },
    { 2146744321, 1452461099, 1176377637 },
    { 2146738177, 1118066398, 1054971214 },
    { 2146736129,   52057278,  933422153 },
    { 2146713601,  592259376, 1406621510 },
    { 2146695169,  263161877, 1514178701 },
    { 2146656257,  685363115,  384505091 },
    { 2146650113,  927727032,  537575289 },
    { 2146646017,   52575506, 1799464037 },
    { 2146643969, 1276803876, 1348954416 },
    { 2146603009,  814028633, 1521547704 },
    { 2146572289, 1846678872, 1310832121 },
    { 2146547713,  919368090, 1019041349 },
    { 2146508801,  671847612,   38582496 },
    { 2146492417,  283911680,  532424562 },
    { 2146490369, 1780044827,  896447978 },
    { 2146459649,  327980850, 1327906900 },
    { 2146447361, 1310561493,  958645253 },
    { 2146441217,  412148926,  287271128 },
    { 2146437121,  293186449, 2009822534 },
    { 2146430977,  179034356, 1359155584 },
    { 2146418689,  916127421, 1790248672 },
    { 2146406401, 1944397496, 1584833571 },
    { 2146404353,  826651445,  607120498 },
    { 2146379777,    3816988, 1897049071 },
    { 2146363393, 1221409784, 1986921567 },
    { 2146355201, 1388081168,  849968120 },
    { 2146336769, 1803473237, 1655544036 },
    { 2146312193, 1023484977,  273671831 },
    { 2146293761,  415145091,  467406983 },
    { 2146283521,  831604668, 1523950494 },
    { 2146203649,  712865423, 1170834574 },
    { 2146154497, 1764991362, 1064856763 },
    { 2146142209, 1752063782, 1406840151 },
    { 2146127873, 1638674429, 2088393537 },
    { 2146099201,  600630924,  690673370 },
    { 2146093057, 1647430496,  315136610 },
    { 2146091009, 1942399533,  973539425 },
    { 2146078721, 1843461814, 2132275436 },
    { 2146060289, 1098740778,  360423481 },
    { 2146048001, 1235666647, 1951981294 },
    { 2146041857, 1805783169, 2075683489 },
    { 2146019329,  272027909, 1753219918 },
    { 2145986561, 1206530344, 2034028118 },
    { 2145976321, 1243769360, 1173377644 },
    { 2145964033,  887200839, 1281344586 },
    { 2145906689, 1651026455,  906178216 },
    { 2145875969, 1673238256, 1043521212 },
    { 2145871873, 1944674030, 1399796492 },
    { 2145841153,  257886983, 1324527802 },
    { 2145832961, 1451862352,  554084759 },
    { 2145816577,  221601706,  427340863 },
    { 2145785857,  608896761,  316590738 },
    { 2145755137, 1712054942, 1684294304 },
    { 2145742849, 1302302867,  724873116 },
    { 2145728513,  516717693,  431671476 },
    { 2145699841,  524575579, 1619722537 },
    { 2145691649, 1925625239,  982974435 },
    { 2145687553, 2070689059, 1293154300 },
    { 2145673217,  771716636,  881778029 },
    { 2145630209, 1509556977,  837364988 },
    { 2145595393,  229091856,  851648427 },
    { 2145587201, 1796903241,  635342424 },
    { 2145525761,  970775671, 1677228081 },
    { 2145495041, 1561868060,  200685896 },
    { 2145466369,  949804237, 1809146322 },
    { 2145445889, 1673903706,   95316881 },
    { 2145390593,  806941852, 1428671135 },
    { 2145372161, 1402525292,  159350694 },
    { 2145361921,  196859143, 1589134749 },
    { 2145359873, 1217503067, 1561543010 },
    { 2145355777,  338341402,   83865711 },
    { 2145343489, 1381532164,  641430002 },
    { 2145325057, 1502191904, 1528469895 },
    { 2145318913, 1335370424,   65809740 },
    { 2145312769, 2000008042, 1919775760 },
    { 2145300481,  126783940, 1229540578 },
    { 2145282049, 1572541687, 1964062701 },
    { 2145232897,  816527501,  450152063 },
    { 2145218561, 1435128058, 1794509700 },
    { 2145187841,   33505311, 1272467582 },
    { 2145181697,  269767433, 1380363849 },
    { 2145175553,   56386299, 1316870546 },
    { 2145079297, 2106880293, 1391797340 },
    { 2145021953, 1347906152,  720510798 },
    { 2145015809,  206769262, 1651459955 },
    { 2145003521, 1885513236, 1393381284 },
    { 2144960513, 1810381315,   31937275 },
    { 2144944129,  723757497, 2019419520 },
    { 2144935937,  909355830, 1841489054 },
    { 2144894977, 1601434616,  157985831 },
    { 2144888833,  472234914, 2128592228 },
    { 2144880641, 1772327002, 2076128344 },
    { 2144864257, 1404514762, 2029969964 },
    { 2144827393, 1582568199,  406627220 },
    { 2144806913,  349217443, 1501080290 },
    { 2144796673, 1542656776, 2084736519 },
    { 2144778241,  772657987, 1746416203 },
    { 2144759809, 1146598851,  716464489 },
    { 2144757761,  286328400, 1823728177 },
    { 2144729089, 1122480794, 1836644881 },
    { 2144727041, 1795703790,  520296412 },
    { 2144696321, 1302475157,  852964281 },
    { 2144667649, 1885714209,  504992927 },
    { 2144573441,  198765808, 1617144982 },
    { 2144555009,  321528767,  155821259 },
    { 2144550913,  814139516, 1819937644 },
    { 2144536577,  578530084,  962942255 },
    { 2144524289, 1746733766,    2471321 },
    { 2144512001, 1757339569,  124190939 },
    { 2144468993,  917871546, 1260072806 },
    { 2144458753,  378417981, 1569240563 },
    { 2144421889,  463885455, 1825620763 },
    { 2144409601, 1699216963,  351648117 },
    { 2144370689, 1071885991,  958186029 },
    { 2144348161, 1763151227,  540353574 },
    { 2144335873, 1060214804,  919598847 },
    { 2144329729,  663515846, 1448552668 },
    { 2144327681, 1057776305,  590222840 },
    { 2144309249, 1705149168, 1459294624 },
    { 2144296961,  325823721, 1649016934 },
    { 2144290817,  738775789,  447427206 },
    { 2144243713,  962347618,  893050215 },
};

/*
 * a/b mod p (0 if b = 0), by b^(p-2) with a fixed square-and-multiply
 * ladder (the exponent is public, every step is done). R = 2^31 mod p.
 */
static uint32_t modp_div(uint32_t a, uint32_t b, uint32_t p, uint32_t p0i, uint32_t R)
{
    uint32_t z = R, e = p - 2;
    int i;

    for (i = 30; i >= 0; i--) {
        uint32_t z2;

        z = modp_montymul(z, z, p, p0i);
        z2 = modp_montymul(z, b, p, p0i);
        z ^= (z ^ z2) & -(uint32_t)((e >> i) & 1);
    }
    /* z = R^2/b (b was taken as Montgomery b/R); two more multiplications
     * remove the R factors and multiply by a. */
    z = modp_montymul(z, 1, p, p0i);
    return modp_montymul(a, z, p, p0i);
}

/*
 * NTT tables for degree n = 2^logn: gm[rev(i)] = w^i and igm[rev(i)] =
 * w^(-i), Montgomery form, w a primitive 2n-th root of 1 (rev: bit reversal
 * over logn bits). g is the prime's 2048-th root.
 */
void modp_mkgm2(uint32_t *gm, uint32_t *igm, unsigned logn, uint32_t g, uint32_t p,
                uint32_t p0i)
{
    size_t u, v, n = MKN(logn);
    unsigned k;
    uint32_t ig, x1, x2, R2 = modp_R2(p, p0i);

    g = modp_montymul(g, R2, p, p0i);
    for (k = logn; k < 10; k++) {
        g = modp_montymul(g, g, p, p0i);
    }
    ig = modp_div(R2, g, p, p0i, modp_R(p));
#if defined(FNDSA_NATIVE_FPR)
    if (logn >= 3) { /* x86_64/keygen_avx2.c (logn is public) */
        fndsa_avx2_modp_powers_rev(gm, igm, logn, g, ig, p, p0i);
        return;
    }
#endif
    x1 = x2 = modp_R(p);
    for (u = 0, v = 0; u < n; u++) {
        size_t mk = n >> 1;

        gm[v] = x1;
        igm[v] = x2;
        x1 = modp_montymul(x1, g, p, p0i);
        x2 = modp_montymul(x2, ig, p, p0i);
        /* v <- rev(rev(v) + 1) over logn bits: the bit-reversed index of
         * u + 1 (public; the reference recomputes each reversal). */
        while ((v & mk) != 0) {
            v ^= mk;
            mk >>= 1;
        }
        v |= mk;
    }
}

/* In-place NTT of a[0], a[stride], ... (n = 2^logn values mod p). */
static inline void ntt2(uint32_t *a, size_t stride, const uint32_t *gm, unsigned logn,
                        uint32_t p, uint32_t p0i)
{
    size_t t, m, n = MKN(logn);

#if defined(FNDSA_NATIVE_FPR)
    if (logn >= 4) { /* x86_64/keygen_avx2.c (logn is public) */
        fndsa_avx2_modp_NTT2(a, stride, gm, logn, p, p0i);
        return;
    }
#endif
    if (logn == 0) {
        return;
    }
    t = n;
    for (m = 1; m < n; m <<= 1) {
        size_t ht = t >> 1, u, v1;

        for (u = 0, v1 = 0; u < m; u++, v1 += t) {
            uint32_t s = gm[m + u];
            uint32_t *r1 = a + v1 * stride;
            uint32_t *r2 = r1 + ht * stride;
            size_t v;

            for (v = 0; v < ht; v++, r1 += stride, r2 += stride) {
                uint32_t x = *r1;
                uint32_t y = modp_montymul(*r2, s, p, p0i);

                *r1 = modp_add(x, y, p);
                *r2 = modp_sub(x, y, p);
            }
        }
        t = ht;
    }
}

/*
 * In-place inverse NTT, times ni/R (ni in Montgomery form; ni = R/n gives
 * the plain inverse NTT).
 * Deviation (same values, n/2 multiplications less): the reference
 * multiplies every value by ni after the last layer; we fold ni into that
 * layer (its twiddle becomes s ni / R).
 */
static inline void intt2(uint32_t *a, size_t stride, const uint32_t *igm, unsigned logn,
                         uint32_t p, uint32_t p0i, uint32_t ni)
{
    size_t t, m, n = MKN(logn);

#if defined(FNDSA_NATIVE_FPR)
    if (logn >= 4) { /* x86_64/keygen_avx2.c (logn is public) */
        fndsa_avx2_modp_iNTT2(a, stride, igm, logn, p, p0i, ni);
        return;
    }
#endif
    if (logn == 0) {
        return;
    }
    t = 1;
    for (m = n; m > 2; m >>= 1) {
        size_t hm = m >> 1, dt = t << 1, u, v1;

        for (u = 0, v1 = 0; u < hm; u++, v1 += dt) {
            uint32_t s = igm[hm + u];
            uint32_t *r1 = a + v1 * stride;
            uint32_t *r2 = r1 + t * stride;
            size_t v;

            for (v = 0; v < t; v++, r1 += stride, r2 += stride) {
                uint32_t x = *r1, y = *r2;

                *r1 = modp_add(x, y, p);
                *r2 = modp_montymul(modp_sub(x, y, p), s, p, p0i);
            }
        }
        t = dt;
    }
    {
        /* Last layer (m = 2), with the factor ni. */
        uint32_t sni = modp_montymul(igm[1], ni, p, p0i);
        uint32_t *r1 = a, *r2 = a + t * stride;
        size_t v;

        for (v = 0; v < t; v++, r1 += stride, r2 += stride) {
            uint32_t x = *r1, y = *r2;

            *r1 = modp_montymul(modp_add(x, y, p), ni, p, p0i);
            *r2 = modp_montymul(modp_sub(x, y, p), sni, p, p0i);
        }
    }
}

/* The two NTTs, on a strided vector and (the common case, compiled on its
 * own so that the compiler indexes contiguous words) on a plain one. */
void modp_NTT2_ext(uint32_t *a, size_t stride, const uint32_t *gm, unsigned logn,
                   uint32_t p, uint32_t p0i)
{
    ntt2(a, stride, gm, logn, p, p0i);
}

void modp_NTT2(uint32_t *a, const uint32_t *gm, unsigned logn, uint32_t p, uint32_t p0i)
{
    ntt2(a, 1, gm, logn, p, p0i);
}

void modp_iNTT2_ext_sc(uint32_t *a, size_t stride, const uint32_t *igm, unsigned logn,
                       uint32_t p, uint32_t p0i, uint32_t ni)
{
    intt2(a, stride, igm, logn, p, p0i, ni);
}

void modp_iNTT2_sc(uint32_t *a, const uint32_t *igm, unsigned logn, uint32_t p, uint32_t p0i,
                   uint32_t ni)
{
    intt2(a, 1, igm, logn, p, p0i, ni);
}

/*
 * Field norm in NTT form ([Falcon] §3.8.2 eq. (3.25), [PP19] §3): for f
 * in NTT form mod p (degree n), f'(x^2) = f(x) f(-x); the roots w and -w
 * are adjacent in our bit-reversed order, so f'(w^2) = f(w) f(-w).
 * Result (n/2 values, NTT form for degree n/2) over the first half of f.
 */
void modp_poly_rec_res(uint32_t *f, unsigned logn, uint32_t p, uint32_t p0i,
                       uint32_t R2)
{
    size_t u, hn = MKN(logn) >> 1;

    for (u = 0; u < hn; u++) {
        uint32_t w0 = f[(u << 1) + 0];
        uint32_t w1 = f[(u << 1) + 1];

        f[u] = modp_montymul(modp_montymul(w0, w1, p, p0i), R2, p, p0i);
    }
}
