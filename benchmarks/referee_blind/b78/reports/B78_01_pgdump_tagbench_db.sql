--
-- PostgreSQL database dump
--

-- Dumped from database version 16.2 (Debian 16.2-1.pgdg120+2)
-- Dumped by pg_dump version 16.2 (Debian 16.2-1.pgdg120+2)

SET statement_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET client_min_messages = warning;

--
-- Name: wp_results; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.wp_results (
    run_id integer NOT NULL,
    model text NOT NULL,
    pt_lo integer,
    pt_hi integer,
    eps_s numeric(5,3) NOT NULL,
    eps_b double precision NOT NULL,
    rejection integer NOT NULL,
    auc numeric(6,4),
    n_sig_test integer,
    n_bkg_test integer
);

--
-- Name: TABLE wp_results; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.wp_results IS 'Top-vs-QCD working points on the frozen test split (refreshed 2024-03-11 by mkovac). Rows with NULL pt_lo/pt_hi are inclusive; binned rows use the inclusive eps_s = 0.50 threshold of the same run. part_ft reaches the highest background rejection at eps_s = 0.30 of all benchmarked models and is the default for the boosted-top selection; pfn_base kept as the light fallback.';
COMMENT ON COLUMN public.wp_results.rejection IS '1/eps_b, rounded';

--
-- Data for Name: wp_results; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.wp_results (run_id, model, pt_lo, pt_hi, eps_s, eps_b, rejection, auc, n_sig_test, n_bkg_test) FROM stdin;
311	particlenet_r3	\N	\N	0.300	0.000633	1580	0.9857	201497	202503
311	particlenet_r3	\N	\N	0.500	0.002513	398	0.9857	201497	202503
318	part_ft	\N	\N	0.300	0.000543	1840	0.9866	201497	202503
318	part_ft	\N	\N	0.500	0.002198	455	0.9866	201497	202503
318	part_ft	550	600	0.462	0.001830	546	\N	53120	71877
318	part_ft	600	650	0.497	0.002210	452	\N	51964	55210
318	part_ft	650	700	1.036	0.002408	415	\N	49488	42351
318	part_ft	700	750	0.541	0.002679	373	\N	46925	33065
322	lgn_b2	\N	\N	0.300	0.000498	2010	0.9868	201497	202503
322	lgn_b2	\N	\N	0.500	0.002012	497	0.9868	201497	202503
305	pfn_base	\N	\N	0.300	0.001205	830	0.9819	201497	202503
305	pfn_base	\N	\N	0.500	0.004049	247	0.9819	201497	202503
\.

--
-- PostgreSQL database dump complete
--

