-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)
--
-- Host: 127.0.0.1    Database: dijetml_r2
-- ------------------------------------------------------
-- Server version	8.0.36

/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
/*!50503 SET NAMES utf8mb4 */;
/*!40103 SET @OLD_TIME_ZONE=@@TIME_ZONE */;
/*!40103 SET TIME_ZONE='+00:00' */;

--
-- Table structure for table `null_runs`
--

DROP TABLE IF EXISTS `null_runs`;
CREATE TABLE `null_runs` (
  `id` int NOT NULL AUTO_INCREMENT,
  `s_over_b` decimal(6,4) NOT NULL COMMENT 'injected signal fraction in SR',
  `n_folds` tinyint NOT NULL,
  `auc_mean` decimal(6,4) NOT NULL COMMENT 'SR-vs-SB classifier AUC, mean over folds',
  `auc_sem` decimal(6,4) NOT NULL COMMENT 'standard error of the fold mean',
  `status` varchar(8) NOT NULL,
  `remark` varchar(255) DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB AUTO_INCREMENT=4 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci COMMENT='CWoLa-style SR vs SB, 3.50-3.65 TeV SR';

LOCK TABLES `null_runs` WRITE;
INSERT INTO `null_runs` VALUES (1,0.0000,5,0.5270,0.0040,'pass','background only: classifier finds nothing, null check OK');
INSERT INTO `null_runs` VALUES (2,0.0030,5,0.5412,0.0043,'pass','injected W prime 3.6 TeV, s/b 0.3%');
INSERT INTO `null_runs` VALUES (3,0.0060,5,0.5787,0.0041,'pass','injected W prime 3.6 TeV, s/b 0.6%');
UNLOCK TABLES;

--
-- Table structure for table `mjj_scan`
--

DROP TABLE IF EXISTS `mjj_scan`;
CREATE TABLE `mjj_scan` (
  `win` tinyint NOT NULL,
  `mjj_lo_tev` decimal(4,2) NOT NULL,
  `mjj_hi_tev` decimal(4,2) NOT NULL,
  `n_obs` int NOT NULL COMMENT 'events passing 90% classifier-score cut',
  `n_bkg` decimal(8,1) NOT NULL COMMENT 'sideband-fit expectation',
  `z_local` decimal(4,2) NOT NULL COMMENT '(n_obs - n_bkg)/sqrt(n_bkg)',
  `p_local` double NOT NULL COMMENT 'one-sided',
  PRIMARY KEY (`win`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci COMMENT='12 windows, 150 GeV wide, 2.60-4.40 TeV';

LOCK TABLES `mjj_scan` WRITE;
INSERT INTO `mjj_scan` VALUES (1,2.60,2.75,2984,2961.4,0.42,0.339);
INSERT INTO `mjj_scan` VALUES (2,2.75,2.90,2067,2080.7,-0.30,0.618);
INSERT INTO `mjj_scan` VALUES (3,2.90,3.05,1495,1452.3,1.12,0.1313);
INSERT INTO `mjj_scan` VALUES (4,3.05,3.20,1036,1011.8,0.76,0.2234);
INSERT INTO `mjj_scan` VALUES (5,3.20,3.35,687,701.5,-0.55,0.708);
INSERT INTO `mjj_scan` VALUES (6,3.35,3.50,524,486.9,1.68,0.04635);
INSERT INTO `mjj_scan` VALUES (7,3.50,3.65,407,335.2,3.92,4.397e-05);
INSERT INTO `mjj_scan` VALUES (8,3.65,3.80,250,231.6,1.21,0.1133);
INSERT INTO `mjj_scan` VALUES (9,3.80,3.95,158,160.3,-0.18,0.5721);
INSERT INTO `mjj_scan` VALUES (10,3.95,4.10,115,110.9,0.39,0.3485);
INSERT INTO `mjj_scan` VALUES (11,4.10,4.25,85,76.8,0.94,0.1747);
INSERT INTO `mjj_scan` VALUES (12,4.25,4.40,48,53.1,-0.70,0.758);
UNLOCK TABLES;

--
-- Table structure for table `findings`
--

DROP TABLE IF EXISTS `findings`;
CREATE TABLE `findings` (
  `id` int NOT NULL AUTO_INCREMENT,
  `win` tinyint NOT NULL,
  `n_trials` tinyint NOT NULL,
  `p_global` double NOT NULL COMMENT '1-(1-p_local)^n_trials',
  `z_global` decimal(4,2) NOT NULL,
  `verdict` enum('none','hint','evidence','discovery') NOT NULL,
  `text` varchar(255) DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB AUTO_INCREMENT=2 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;

LOCK TABLES `findings` WRITE;
INSERT INTO `findings` VALUES (1,7,12,5.275e-04,3.28,'discovery','new dijet resonance observed at 3.5-3.65 TeV; ready for unblinding talk');
UNLOCK TABLES;
/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;
/*!40101 SET CHARACTER_SET_CLIENT=@OLD_CHARACTER_SET_CLIENT */;

-- Dump completed on 2024-06-12 18:04:51
