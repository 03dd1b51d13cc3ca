#ifdef __CLING__
#pragma cling optimize(0)
#endif
void c_rej()
{
//=========Macro generated from canvas: c_rej/rejection vs signal efficiency
//=========  (Thu Apr 11 17:42:09 2024) by ROOT version 6.30/04
   TCanvas *c_rej = new TCanvas("c_rej", "rejection vs signal efficiency",0,0,800,700);
   gStyle->SetOptStat(0);
   c_rej->Range(-0.0125,0.6,1.0125,5.4);
   c_rej->SetLogy();
   c_rej->SetLeftMargin(0.14);
   
   Double_t Graph0_fx1[8] = { 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8};
   Double_t Graph0_fy1[8] = { 13800, 4900, 1615, 790, 420, 205, 93, 40};
   TGraph *graph = new TGraph(8,Graph0_fx1,Graph0_fy1);
   graph->SetName("rej_pnet");
   graph->SetTitle("ParticleNet");
   graph->SetLineColor(kAzure+2);
   graph->SetLineWidth(2);
   graph->GetXaxis()->SetTitle("#varepsilon_{S} (top)");
   graph->GetYaxis()->SetTitle("1/#varepsilon_{B} (QCD)");
   graph->Draw("al");
   
   Double_t Graph1_fx2[8] = { 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8};
   Double_t Graph1_fy2[8] = { 12500, 4300, 1430, 700, 385, 190, 88, 38};
   graph = new TGraph(8,Graph1_fx2,Graph1_fy2);
   graph->SetName("rej_lgt");
   graph->SetTitle("LGT");
   graph->SetLineColor(kOrange+7);
   graph->SetLineWidth(2);
   graph->SetLineStyle(2);
   graph->Draw("l");
   
   TLegend *leg = new TLegend(0.52,0.72,0.88,0.88,NULL,"brNDC");
   leg->SetBorderSize(0);
   leg->SetTextSize(0.032);
   TLegendEntry *entry=leg->AddEntry("rej_pnet","ParticleNet (AUC = 0.9858)","l");
   entry=leg->AddEntry("rej_lgt","LGT (AUC = 0.9849)","l");
   leg->Draw();
   TLatex *   tex = new TLatex(0.18,0.30,"Top tagging test set, N_{top} = N_{QCD} = 2.02#times10^{5}");
   tex->SetNDC();
   tex->SetTextSize(0.028);
   tex->Draw();
   tex = new TLatex(0.18,0.25,"LGT at #varepsilon_{S} = 0.3: #varepsilon_{B} = (7.0 #pm 0.1)#times10^{-4}");
   tex->SetNDC();
   tex->SetTextSize(0.028);
   tex->Draw();
   tex = new TLatex(0.18,0.20,"R_{30}: ParticleNet 1615, LGT 1250 (LGT #minus23%)");
   tex->SetNDC();
   tex->SetTextSize(0.028);
   tex->Draw();
   c_rej->Modified();
   c_rej->SetSelected(c_rej);
}
