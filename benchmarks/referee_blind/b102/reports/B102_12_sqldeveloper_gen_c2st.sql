--------------------------------------------------------
--  File created - Tuesday-March-04-2025   
--------------------------------------------------------
--------------------------------------------------------
--  DDL for Table GEN_CLASSIFIER_TESTS
--------------------------------------------------------

  CREATE TABLE "JETGEN"."GEN_CLASSIFIER_TESTS" 
   (	"TEST_ID" NUMBER(6,0), 
	"MODEL_NAME" VARCHAR2(40 BYTE), 
	"JET_TYPE" VARCHAR2(8 BYTE), 
	"AUC" NUMBER(6,4), 
	"AUC_ERR" NUMBER(6,4), 
	"N_TEST_REAL" NUMBER(10,0), 
	"N_TEST_GEN" NUMBER(10,0), 
	"LABEL_CONVENTION" VARCHAR2(40 BYTE), 
	"VERDICT" VARCHAR2(400 BYTE)
   ) SEGMENT CREATION IMMEDIATE 
  PCTFREE 10 PCTUSED 40 INITRANS 1 MAXTRANS 255 
 NOCOMPRESS LOGGING
  STORAGE(INITIAL 65536 NEXT 1048576 MINEXTENTS 1 MAXEXTENTS 2147483645
  PCTINCREASE 0 FREELISTS 1 FREELIST GROUPS 1
  BUFFER_POOL DEFAULT FLASH_CACHE DEFAULT CELL_FLASH_CACHE DEFAULT)
  TABLESPACE "USERS" ;

   COMMENT ON COLUMN "JETGEN"."GEN_CLASSIFIER_TESTS"."AUC" IS 'real-vs-generated ParticleNet-Lite AUC on held-out jets; 0.5 = indistinguishable';
   COMMENT ON COLUMN "JETGEN"."GEN_CLASSIFIER_TESTS"."AUC_ERR" IS 'std over 5 classifier trainings, never below the Hanley-McNeil error';
   COMMENT ON COLUMN "JETGEN"."GEN_CLASSIFIER_TESTS"."LABEL_CONVENTION" IS 'which class the classifier scores as positive';
   COMMENT ON TABLE "JETGEN"."GEN_CLASSIFIER_TESTS"  IS 'Classifier two-sample tests of JetNet-30 generators, campaign 2025-02';
REM INSERTING into JETGEN.GEN_CLASSIFIER_TESTS
SET DEFINE OFF;
Insert into JETGEN.GEN_CLASSIFIER_TESTS (TEST_ID,MODEL_NAME,JET_TYPE,AUC,AUC_ERR,N_TEST_REAL,N_TEST_GEN,LABEL_CONVENTION,VERDICT) values (101,'EPiC-FM v2','t',0.506,0.004,50000,50000,'generated = 1','(0.506-0.5)/0.004 = 1.5 sigma: consistent with 0.5, not distinguishable at this test size');
Insert into JETGEN.GEN_CLASSIFIER_TESTS (TEST_ID,MODEL_NAME,JET_TYPE,AUC,AUC_ERR,N_TEST_REAL,N_TEST_GEN,LABEL_CONVENTION,VERDICT) values (102,'EPiC-FM v2','g',0.547,0.004,50000,50000,'generated = 1','11.8 sigma above 0.5: distinguishable; gluon jets need work (multiplicity tail)');
Insert into JETGEN.GEN_CLASSIFIER_TESTS (TEST_ID,MODEL_NAME,JET_TYPE,AUC,AUC_ERR,N_TEST_REAL,N_TEST_GEN,LABEL_CONVENTION,VERDICT) values (103,'PC-Droid rerun','t',0.489,0.004,50000,50000,'real = 1 (legacy script)','AUC < 0.5 only because this run scored REAL jets as positive; in the table convention 1 - 0.489 = 0.511 +- 0.004, 2.8 sigma above 0.5: distinguishable, weakly');
Insert into JETGEN.GEN_CLASSIFIER_TESTS (TEST_ID,MODEL_NAME,JET_TYPE,AUC,AUC_ERR,N_TEST_REAL,N_TEST_GEN,LABEL_CONVENTION,VERDICT) values (104,'MPGAN (reference)','t',0.603,0.004,50000,50000,'generated = 1','25.8 sigma above 0.5: distinguishable, as expected for the reference GAN');
--------------------------------------------------------
--  Constraints for Table GEN_CLASSIFIER_TESTS
--------------------------------------------------------

  ALTER TABLE "JETGEN"."GEN_CLASSIFIER_TESTS" MODIFY ("TEST_ID" NOT NULL ENABLE);
  ALTER TABLE "JETGEN"."GEN_CLASSIFIER_TESTS" ADD CONSTRAINT "GEN_C2ST_PK" PRIMARY KEY ("TEST_ID")
  USING INDEX PCTFREE 10 INITRANS 2 MAXTRANS 255 COMPUTE STATISTICS 
  STORAGE(INITIAL 65536 NEXT 1048576 MINEXTENTS 1 MAXEXTENTS 2147483645
  PCTINCREASE 0 FREELISTS 1 FREELIST GROUPS 1
  BUFFER_POOL DEFAULT FLASH_CACHE DEFAULT CELL_FLASH_CACHE DEFAULT)
  TABLESPACE "USERS"  ENABLE;
